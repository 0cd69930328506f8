import Domain

/// SQL that moves one user's references from one piece to another (`mergeSheetMusic`): logs,
/// sessions, goals and repertoire history. The caller runs it in one transaction with the rest
/// of the merge (progress flags, the repertoire entry, derived data) and removes the piece last.
public struct PieceMergeStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The local days of the user's logs of a piece: the day details the merge re-aggregates.
    public func logDays(sheetMusicID: String, userID: String) throws -> Set<LocalDay> {
        Set(try database.query(
            "SELECT DISTINCT local_day FROM practice_logs WHERE user_id = ? AND sheet_music_id = ? AND local_day IS NOT NULL",
            [.text(userID), .text(sheetMusicID)]) { $0.string(0).flatMap(LocalDay.init) }.compactMap { $0 })
    }

    /// Points the user's logs, sessions, goals and plan items of `source` at `target`; each moved row's
    /// `updated_at` becomes `now`, so a client's `expectedUpdatedAt` from before sees the change.
    /// Answers how many logs moved.
    @discardableResult
    public func moveReferences(from source: String, to target: String, userID: String, now: Timestamp) throws -> Int {
        var moved = 0
        for table in ["practice_logs", "practice_sessions", "goals", "plan_items"] {
            let count = try database.run(
                "UPDATE \(table) SET sheet_music_id = ?, updated_at = ? WHERE user_id = ? AND sheet_music_id = ?",
                [.text(target), .text(now.iso8601), .text(userID), .text(source)])
            if table == "practice_logs" { moved = count }
        }
        return moved
    }

    /// Moves the user's repertoire status history of `source` to `target`, whose entry must exist.
    public func moveHistory(from source: String, to target: String, userID: String) throws {
        try database.run(
            "UPDATE repertoire_status_changes SET sheet_music_id = ? WHERE user_id = ? AND sheet_music_id = ?",
            [.text(target), .text(userID), .text(source)])
    }

    /// Removes one of the user's own pieces (its autocomplete terms go with it); answers whether
    /// there was one.
    @discardableResult
    public func deletePiece(id: String, userID: String) throws -> Bool {
        try database.run("DELETE FROM sheet_music WHERE id = ? AND user_id = ?", [.text(id), .text(userID)]) > 0
    }
}
