import Domain

/// SQL for `comments`: the threads between students and their teachers on logs and sessions.
/// Bodies are sealed under the data key at rest.
public struct CommentStore: Sendable {
    static let bodyColumn = "comments.body"
    private let database: Database
    private let cipher: FieldCipher

    /// Creates the store over a connection and the cipher that seals bodies.
    public init(database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// A comment by id, whoever's.
    public func find(id: String) throws -> Comment? {
        try database.first("SELECT \(Self.columns) FROM comments WHERE id = ?", [.text(id)], comment)
    }

    /// Whether any comment has this id.
    public func exists(id: String) throws -> Bool {
        try database.first("SELECT 1 FROM comments WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The comments with these ids that `userID` may read: on their own logs and sessions, and in
    /// their threads as a teacher while the student still shares with them (checked in the same
    /// statement).
    public func find(ids: [String], visibleTo userID: String) throws -> [Comment] {
        guard !ids.isEmpty else { return [] }
        return try database.query(
            """
            SELECT \(Self.columns) FROM comments WHERE id IN (SELECT value FROM json_each(?))
              AND (student_id = ? OR (teacher_id = ? AND EXISTS (SELECT 1 FROM teacher_shares s
                WHERE s.student_id = comments.student_id AND s.teacher_id = comments.teacher_id)))
            """,
            [.list(ids), .text(userID), .text(userID)], comment)
    }

    /// The comments on the student's logs or sessions `ids`, oldest first, by log or session id:
    /// all threads, or only the one with `teacherID`.
    public func comments(on subject: CommentSubject, ids: [String], studentID: String, teacherID: String?) throws -> [String: [Comment]] {
        guard !ids.isEmpty else { return [:] }
        var sql = "SELECT \(Self.columns) FROM comments WHERE \(subject == .log ? "log_id" : "session_id") IN (SELECT value FROM json_each(?)) AND student_id = ?"
        var parameters: [SQLValue] = [.list(ids), .text(studentID)]
        if let teacherID {
            sql += " AND teacher_id = ?"
            parameters.append(.text(teacherID))
        }
        // rowid: two comments in one millisecond keep the order they were written in.
        let found = try database.query(sql + " ORDER BY created_at, rowid", parameters, comment)
        return Dictionary(grouping: found) { (subject == .log ? $0.logID : $0.sessionID) ?? "" }
    }

    /// Stores a new comment.
    public func insert(_ comment: Comment) throws {
        try database.run(
            """
            INSERT INTO comments (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(comment.id), .text(comment.studentID), .text(comment.teacherID), .text(comment.authorID), .text(comment.logID),
             .text(comment.sessionID), .text(cipher.seal(comment.body, column: Self.bodyColumn)), .text(comment.createdAt.iso8601),
             .text(comment.updatedAt.iso8601)])
    }

    /// Deletes a comment its author wrote; answers whether there was one.
    public func delete(id: String, authorID: String) throws -> Bool {
        try database.run("DELETE FROM comments WHERE id = ? AND author_id = ?", [.text(id), .text(authorID)]) > 0
    }

    static let columns = "id, student_id, teacher_id, author_id, log_id, session_id, body, created_at, updated_at"

    private func comment(_ row: Row) throws -> Comment {
        Comment(
            id: try row.text("id"), studentID: try row.text("student_id"), teacherID: try row.text("teacher_id"),
            authorID: try row.text("author_id"), logID: try row.optionalText("log_id"), sessionID: try row.optionalText("session_id"),
            body: try cipher.open(try row.text("body"), column: Self.bodyColumn), createdAt: try row.instant("created_at"),
            updatedAt: try row.instant("updated_at"))
    }
}
