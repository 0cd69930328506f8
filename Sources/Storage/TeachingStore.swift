import Domain

/// SQL for `teacher_invites` and `teacher_shares`, and the one check every read of a student's
/// rows by a teacher goes through (`scopes(teacherID:studentIDs:)`).
public struct TeachingStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    // MARK: The check

    /// What each of `studentIDs` (all of the teacher's students when nil) shares with the
    /// teacher, leaving out those who share nothing with them. Call it inside a transaction and
    /// read in the same one: on PostgreSQL the rows are locked `FOR SHARE`, so a student cannot
    /// end the relationship or narrow it between this check and the reads it allows; on SQLite
    /// the transaction reads one snapshot.
    public func scopes(teacherID: String, studentIDs: [String]?) throws -> [String: ShareScopes] {
        let rows: [(String, ShareScopes)]
        if let studentIDs {
            guard !studentIDs.isEmpty else { return [:] }
            rows = try database.query(
                """
                SELECT student_id, scopes FROM teacher_shares
                WHERE teacher_id = ? AND student_id IN (SELECT value FROM json_each(?))\(database.forShare)
                """,
                [.text(teacherID), .list(studentIDs)]) { (try $0.text("student_id"), ShareScopes(bits: try $0.number("scopes"))) }
        } else {
            rows = try database.query(
                "SELECT student_id, scopes FROM teacher_shares WHERE teacher_id = ?\(database.forShare)",
                [.text(teacherID)]) { (try $0.text("student_id"), ShareScopes(bits: try $0.number("scopes"))) }
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Relationships

    /// The relationship between a student and a teacher, if they have one.
    public func share(studentID: String, teacherID: String) throws -> TeacherShare? {
        try database.first(
            "SELECT \(Self.shareColumns) FROM teacher_shares WHERE student_id = ? AND teacher_id = ?",
            [.text(studentID), .text(teacherID)], Self.share)
    }

    /// The student's teachers, longest-standing first.
    public func shares(studentID: String) throws -> [TeacherShare] {
        try database.query(
            "SELECT \(Self.shareColumns) FROM teacher_shares WHERE student_id = ? ORDER BY created_at, teacher_id",
            [.text(studentID)], Self.share)
    }

    /// The teacher's students, longest-standing first.
    public func shares(teacherID: String) throws -> [TeacherShare] {
        try database.query(
            "SELECT \(Self.shareColumns) FROM teacher_shares WHERE teacher_id = ? ORDER BY created_at, student_id",
            [.text(teacherID)], Self.share)
    }

    /// Inserts a relationship or rewrites its scopes.
    public func save(_ share: TeacherShare) throws {
        try database.run(
            """
            INSERT INTO teacher_shares (student_id, teacher_id, scopes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (student_id, teacher_id) DO UPDATE SET scopes = excluded.scopes, updated_at = excluded.updated_at
            """,
            [.text(share.studentID), .text(share.teacherID), .integer(share.scopes.bits), .text(share.createdAt.iso8601),
             .text(share.updatedAt.iso8601)])
    }

    /// Ends a relationship; answers whether there was one.
    public func delete(studentID: String, teacherID: String) throws -> Bool {
        try database.run(
            "DELETE FROM teacher_shares WHERE student_id = ? AND teacher_id = ?", [.text(studentID), .text(teacherID)]) > 0
    }

    // MARK: Invites

    /// The invite whose code hashes to `codeHash`, accepted or not, expired or not.
    public func invite(codeHash: String) throws -> TeacherInvite? {
        try database.first("SELECT \(Self.inviteColumns) FROM teacher_invites WHERE code_hash = ?", [.text(codeHash)], Self.invite)
    }

    /// The student's invites not yet accepted and not expired at `now`, newest first.
    public func pendingInvites(studentID: String, now: Timestamp) throws -> [TeacherInvite] {
        try database.query(
            """
            SELECT \(Self.inviteColumns) FROM teacher_invites
            WHERE student_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id
            """,
            [.text(studentID), .text(now.iso8601)], Self.invite)
    }

    /// How many invites the student made since `since` (the invite budget).
    public func inviteCount(studentID: String, since: Timestamp) throws -> Int {
        try database.first(
            "SELECT count(*) FROM teacher_invites WHERE student_id = ? AND created_at >= ?",
            [.text(studentID), .text(since.iso8601)]) { $0.integer(0) ?? 0 } ?? 0
    }

    /// Stores a new invite under the hash of its code.
    public func insert(_ invite: TeacherInvite, codeHash: String) throws {
        try database.run(
            """
            INSERT INTO teacher_invites (id, student_id, email, code_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(invite.id), .text(invite.studentID), .text(invite.email), .text(codeHash), .integer(invite.scopes.bits),
             .text(invite.createdAt.iso8601), .text(invite.expiresAt.iso8601)])
    }

    /// Marks an invite used, if it still was not; answers whether this call did.
    public func accept(inviteID: String, teacherID: String, at instant: Timestamp) throws -> Bool {
        try database.run(
            "UPDATE teacher_invites SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at IS NULL",
            [.text(instant.iso8601), .text(teacherID), .text(inviteID)]) > 0
    }

    /// Withdraws an invite of the student that was not accepted; answers whether there was one.
    public func deleteInvite(id: String, studentID: String) throws -> Bool {
        try database.run(
            "DELETE FROM teacher_invites WHERE id = ? AND student_id = ? AND accepted_at IS NULL", [.text(id), .text(studentID)]) > 0
    }

    /// Whose log or session this is, or nil when there is none: what decides whether a
    /// comment on it is a student's reply or a teacher's note (to be checked).
    public func owner(of subject: CommentSubject, id: String) throws -> String? {
        try owners(of: subject, ids: [id])[id]
    }

    /// The owners of logs or sessions by id (ids of none are left out).
    public func owners(of subject: CommentSubject, ids: [String]) throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let table = subject == .log ? "practice_logs" : "practice_sessions"
        let rows = try database.query(
            "SELECT id, user_id FROM \(table) WHERE id IN (SELECT value FROM json_each(?))", [.list(ids)]
        ) { (try $0.text("id"), try $0.text("user_id")) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Rows

    static let shareColumns = "student_id, teacher_id, scopes, created_at, updated_at"
    static let inviteColumns = "id, student_id, email, scopes, created_at, expires_at, accepted_at"

    static func share(_ row: Row) throws -> TeacherShare {
        TeacherShare(
            studentID: try row.text("student_id"), teacherID: try row.text("teacher_id"), scopes: ShareScopes(bits: try row.number("scopes")),
            createdAt: try row.instant("created_at"), updatedAt: try row.instant("updated_at"))
    }

    static func invite(_ row: Row) throws -> TeacherInvite {
        TeacherInvite(
            id: try row.text("id"), studentID: try row.text("student_id"), email: try row.optionalText("email"),
            scopes: ShareScopes(bits: try row.number("scopes")), createdAt: try row.instant("created_at"),
            expiresAt: try row.instant("expires_at"), acceptedAt: try row.optionalInstant("accepted_at"))
    }
}
