import Domain

/// SQL for `practice_sessions`, always scoped to one user; session notes are encrypted at rest.
public struct SessionStore: Sendable {
    private let database: Database
    /// Seals and opens session notes (`session(_:)` opens them).
    let cipher: FieldCipher
    /// The column the notes are sealed for.
    static let notesColumn = "practice_sessions.notes"

    /// Creates the store over a connection.
    public init(database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// The selected columns (`session(_:)` reads them by name).
    static let columns = """
        id, user_id, instrument, sheet_music_id, session_type, status, start_time, paused_at, end_time,
        paused_seconds, duration_seconds, notes_attempted, notes_correct, accuracy_percentage, total_exercises,
        completed_exercises, notes, session_date, last_activity_at, created_at, updated_at, create_hash
        """

    /// A session of the user by id (nil for another user's: no existence leak).
    public func find(id: String, userID: String) throws -> PracticeSession? {
        try database.first("SELECT \(Self.columns) FROM practice_sessions WHERE id = ? AND user_id = ?", [.text(id), .text(userID)], session)
    }

    /// Whether any user has a session with this id (client ids are global).
    public func exists(id: String) throws -> Bool {
        try database.first("SELECT 1 FROM practice_sessions WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The user's unfinished session on an instrument.
    public func open(userID: String, instrument: Instrument) throws -> PracticeSession? {
        try database.first(
            "SELECT \(Self.columns) FROM practice_sessions WHERE user_id = ? AND instrument = ? AND status IN ('in_progress', 'paused')",
            [.text(userID), .text(instrument.rawValue)], session)
    }

    /// Sessions of the user by id, keyed by id.
    /// (`+user_id`: the primary key finds the rows; the user index would walk all their sessions.)
    public func find(ids: [String], userID: String) throws -> [String: PracticeSession] {
        guard !ids.isEmpty else { return [:] }
        let sessions = try database.query(
            "SELECT \(Self.columns) FROM practice_sessions WHERE +user_id = ? AND id IN (SELECT value FROM json_each(?))",
            [.text(userID), .list(ids)], session)
        return Dictionary(sessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A page of the user's sessions, newest first.
    public func list(userID: String, instrument: Instrument?, from: Timestamp?, to: Timestamp?, limit: Int, start: PageStart) throws -> Page<PracticeSession> {
        var condition = "user_id = ?"
        var parameters: [SQLValue] = [.text(userID)]
        if let instrument { condition += " AND instrument = ?"; parameters.append(.text(instrument.rawValue)) }
        if let from { condition += " AND start_time >= ?"; parameters.append(.text(from.iso8601)) }
        if let to { condition += " AND start_time < ?"; parameters.append(.text(to.iso8601)) }
        return try database.page(
            columns: Self.columns, from: "practice_sessions", where: condition, parameters, order: Self.order, start: start,
            limit: limit, map: session)
    }

    /// The sessions' order: newest first, ties broken by id.
    public static let order = ListOrder(["start_time", "id"], descending: true)

    /// Inserts a new session.
    public func insert(_ session: PracticeSession) throws {
        try database.run(
            """
            INSERT INTO practice_sessions (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, values(session))
    }

    /// Writes every column of an existing session.
    public func update(_ session: PracticeSession) throws {
        let values = values(session)
        try database.run(
            """
            UPDATE practice_sessions SET user_id = ?, instrument = ?, sheet_music_id = ?, session_type = ?, status = ?,
              start_time = ?, paused_at = ?, end_time = ?, paused_seconds = ?, duration_seconds = ?, notes_attempted = ?,
              notes_correct = ?, accuracy_percentage = ?, total_exercises = ?, completed_exercises = ?, notes = ?,
              session_date = ?, last_activity_at = ?, created_at = ?, updated_at = ?, create_hash = ?
            WHERE id = ? AND user_id = ?
            """, Array(values.dropFirst()) + [values[0], values[1]])
    }

    private func values(_ session: PracticeSession) -> [SQLValue] {
        [.text(session.id), .text(session.userID), .text(session.instrument.rawValue), .text(session.sheetMusicID),
         .text(session.sessionType.rawValue), .text(session.status.rawValue), .text(session.startedAt.iso8601),
         .text(session.pausedAt?.iso8601), .text(session.endedAt?.iso8601), .integer(session.pausedSeconds),
         .integer(session.durationSeconds), .integer(session.notesAttempted), .integer(session.notesCorrect),
         .real(session.accuracy), .integer(session.totalExercises), .integer(session.completedExercises),
         .text(session.notes.map { cipher.seal($0, column: Self.notesColumn) }), .text(session.sessionDate),
         .text(session.lastActivityAt.iso8601), .text(session.createdAt.iso8601), .text(session.updatedAt.iso8601),
         .text(session.createHash)]
    }
}
