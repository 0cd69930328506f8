import Domain

/// SQL for `user_sheet_music_progress`: the statistics are recomputed from the user's logs of the
/// piece on every change, so they always equal a rebuild; the user's flags and notes are kept.
public struct PieceProgressStore: Sendable {
    private let database: Database
    private let cipher: FieldCipher
    private let random: any RandomSource
    private static let notesColumn = "user_sheet_music_progress.notes"

    /// Creates the store over a connection.
    public init(database: Database, cipher: FieldCipher, random: any RandomSource) {
        self.database = database
        self.cipher = cipher
        self.random = random
    }

    /// The selected columns (`progress(_:)` reads them by name).
    static let columns = """
        sheet_music_id, user_id, first_attempted_at, last_attempted_at, times_practiced, best_accuracy, average_accuracy,
        best_tempo, is_completed, is_starred, is_bookmarked, difficulty_rating, notes
        """

    /// The user's progress on pieces, keyed by piece id (one statement for any number).
    public func find(sheetMusicIDs: [String], userID: String) throws -> [String: PieceProgress] {
        guard !sheetMusicIDs.isEmpty else { return [:] }
        let rows = try database.query(
            "SELECT \(Self.columns) FROM user_sheet_music_progress WHERE user_id = ? AND sheet_music_id IN (SELECT value FROM json_each(?))",
            [.text(userID), .list(sheetMusicIDs)], progress)
        return Dictionary(rows.map { ($0.sheetMusicID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The user's pieces, optionally narrowed by flags, most recently practised first.
    public func list(userID: String, starred: Bool?, bookmarked: Bool?, completed: Bool?) throws -> [PieceProgress] {
        var condition = "user_id = ?"
        var parameters: [SQLValue] = [.text(userID)]
        for (column, flag) in [("is_starred", starred), ("is_bookmarked", bookmarked), ("is_completed", completed)] {
            guard let flag else { continue }
            condition += " AND \(column) = ?"
            parameters.append(.bool(flag))
        }
        return try database.query(
            "SELECT \(Self.columns) FROM user_sheet_music_progress WHERE \(condition) ORDER BY last_attempted_at DESC NULLS LAST, sheet_music_id",
            parameters, progress)
    }

    /// Recomputes the statistics of a piece from the user's logs. A row with no logs left and no
    /// flags or notes is removed.
    public func refresh(sheetMusicID: String, userID: String) throws {
        try database.run(
            """
            INSERT INTO user_sheet_music_progress (id, user_id, sheet_music_id, first_attempted_at, last_attempted_at,
              times_practiced, best_accuracy, average_accuracy, best_tempo)
            SELECT ?, ?, ?, min(start_time), max(start_time), count(*), max(accuracy_percentage), avg(accuracy_percentage), max(tempo_practiced)
            FROM practice_logs WHERE user_id = ? AND sheet_music_id = ?
            ON CONFLICT(user_id, sheet_music_id) DO UPDATE SET
              first_attempted_at = excluded.first_attempted_at, last_attempted_at = excluded.last_attempted_at,
              times_practiced = excluded.times_practiced, best_accuracy = excluded.best_accuracy,
              average_accuracy = excluded.average_accuracy, best_tempo = excluded.best_tempo
            """,
            [.text(Nanoid.make(using: random)), .text(userID), .text(sheetMusicID), .text(userID), .text(sheetMusicID)])
        try database.run(
            """
            DELETE FROM user_sheet_music_progress WHERE user_id = ? AND sheet_music_id = ? AND times_practiced = 0
              AND NOT is_completed AND NOT is_starred AND NOT is_bookmarked AND difficulty_rating IS NULL AND notes IS NULL
            """, [.text(userID), .text(sheetMusicID)])
    }

    /// Removes the user's row of a piece, flags and notes included (a piece merged into another).
    public func delete(sheetMusicID: String, userID: String) throws {
        try database.run(
            "DELETE FROM user_sheet_music_progress WHERE user_id = ? AND sheet_music_id = ?", [.text(userID), .text(sheetMusicID)])
    }

    /// Writes the user's flags, rating and notes of a piece, creating the row if needed.
    public func saveFlags(_ progress: PieceProgress) throws {
        try database.run(
            """
            INSERT INTO user_sheet_music_progress (id, user_id, sheet_music_id, times_practiced, first_attempted_at, last_attempted_at,
              is_completed, is_starred, is_bookmarked, difficulty_rating, notes)
            VALUES (?, ?, ?, 0, NULL, NULL, ?, ?, ?, ?, ?)
            ON CONFLICT(user_id, sheet_music_id) DO UPDATE SET is_completed = excluded.is_completed,
              is_starred = excluded.is_starred, is_bookmarked = excluded.is_bookmarked,
              difficulty_rating = excluded.difficulty_rating, notes = excluded.notes
            """,
            [.text(Nanoid.make(using: random)), .text(progress.userID), .text(progress.sheetMusicID),
             .bool(progress.isCompleted), .bool(progress.isStarred), .bool(progress.isBookmarked),
             .integer(progress.difficultyRating), .text(progress.notes.map { cipher.seal($0, column: Self.notesColumn) })])
    }

    /// Maps a row to a piece's progress by column name, decrypting its notes, so any SELECT of
    /// `columns` in any order maps the same. A column the SELECT lacks, or NULL in a column the
    /// table declares NOT NULL, is a `RowDecodingError`.
    func progress(_ row: Row) throws -> PieceProgress {
        var progress = PieceProgress(sheetMusicID: try row.text("sheet_music_id"), userID: try row.text("user_id"))
        progress.firstAttemptedAt = try row.optionalInstant("first_attempted_at")
        progress.lastAttemptedAt = try row.optionalInstant("last_attempted_at")
        progress.timesPracticed = try row.number("times_practiced")
        progress.bestAccuracy = try row.optionalDouble("best_accuracy")
        progress.averageAccuracy = try row.optionalDouble("average_accuracy")
        progress.bestTempo = try row.optionalNumber("best_tempo")
        progress.isCompleted = try row.flag("is_completed")
        progress.isStarred = try row.flag("is_starred")
        progress.isBookmarked = try row.flag("is_bookmarked")
        progress.difficultyRating = try row.optionalNumber("difficulty_rating")
        progress.notes = try row.optionalText("notes").map { try cipher.open($0, column: Self.notesColumn) }
        return progress
    }
}
