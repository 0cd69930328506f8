import Domain

// The per-activity and per-piece aggregate `practice_day_details`, kept like `practice_days`
// (the same touched days, in the same transaction), and the range reads of statistics.
extension ProgressStore {
    /// Adds one log's practice to its detail row, creating the row if needed.
    public func addToDetails(_ delta: PracticeDetail, userID: String) throws {
        try database.send(
            """
            INSERT INTO practice_day_details (user_id, instrument, day, activity_type, sheet_music_id, logs, seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(user_id, day, instrument, activity_type, sheet_music_id) DO UPDATE SET
              logs = practice_day_details.logs + excluded.logs, seconds = practice_day_details.seconds + excluded.seconds
            """, Self.values(of: delta, userID: userID))
    }

    /// The details of some of the user's local days (all of them when nil), from their logs.
    public func detailsFromLogs(userID: String, days: Set<LocalDay>?) throws -> [PracticeDetail] {
        if let days, days.isEmpty { return [] }
        let (condition, parameters) = Self.logScope(userID: userID, days: days)
        // A log whose local day is not set yet (an imported one, until the rebuild) counts on no day.
        return try database.query(
            """
            SELECT instrument, local_day AS day, activity_type, coalesce(sheet_music_id, '') AS sheet_music_id, count(*) AS logs,
              coalesce(sum(duration_seconds), 0) AS seconds
            FROM practice_logs WHERE \(condition) AND local_day IS NOT NULL
            GROUP BY instrument, local_day, activity_type, coalesce(sheet_music_id, '')
            """, parameters, Self.detail)
    }

    /// Replaces the stored details of some of the user's days.
    public func replaceDetails(userID: String, days: Set<LocalDay>, with rows: [PracticeDetail]) throws {
        for day in days {
            try database.run("DELETE FROM practice_day_details WHERE user_id = ? AND day = ?", [.text(userID), .text(day.description)])
        }
        for row in rows {
            try database.run(
                """
                INSERT INTO practice_day_details (user_id, instrument, day, activity_type, sheet_music_id, logs, seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, Self.values(of: row, userID: userID))
        }
    }

    /// Every stored detail of the user, for tests and the rebuild's comparison.
    public func storedDetails(userID: String) throws -> [PracticeDetail] {
        try database.query(
            "SELECT instrument, day, activity_type, sheet_music_id, logs, seconds FROM practice_day_details WHERE user_id = ?",
            [.text(userID)], Self.detail)
    }

    /// Totals per practised day from `first` to `last`, oldest first, from `practice_days`.
    public func dayTotals(userID: String, instrument: Instrument?, from first: LocalDay, through last: LocalDay) throws
        -> [(day: LocalDay, totals: PracticeStatistics.Totals)] {
        let (condition, parameters) = Self.range(userID: userID, instrument: instrument, first: first, last: last)
        return try database.query(
            """
            SELECT day, sum(logs) AS logs, sum(seconds) AS seconds, sum(rating_sum) AS rating_sum, sum(rating_count) AS rating_count,
              sum(accuracy_sum) AS accuracy_sum, sum(accuracy_count) AS accuracy_count
            FROM practice_days WHERE \(condition) GROUP BY day ORDER BY day
            """, parameters
        ) { row in
            var totals = PracticeStatistics.Totals()
            totals.logs = try row.number("logs")
            totals.seconds = try row.number("seconds")
            totals.practiceDays = 1
            totals.ratingSum = try row.number("rating_sum")
            totals.ratingCount = try row.number("rating_count")
            totals.accuracySum = try row.number("accuracy_sum")
            totals.accuracyCount = try row.number("accuracy_count")
            return (try row.day("day"), totals)
        }
    }

    /// Logs and seconds per activity from `first` to `last`.
    public func activityTotals(userID: String, instrument: Instrument?, from first: LocalDay, through last: LocalDay) throws
        -> [PracticeStatistics.ActivityShare] {
        let (condition, parameters) = Self.range(userID: userID, instrument: instrument, first: first, last: last)
        return try database.query(
            """
            SELECT activity_type, sum(logs) AS logs, sum(seconds) AS seconds FROM practice_day_details
            WHERE \(condition) GROUP BY activity_type
            """, parameters
        ) { .init(activity: try $0.choice("activity_type"), logs: try $0.number("logs"), seconds: try $0.number("seconds")) }
    }

    /// The pieces practised from `first` to `last`, most time first, at most `limit`, and how
    /// many there were.
    public func pieceTotals(userID: String, instrument: Instrument?, from first: LocalDay, through last: LocalDay, limit: Int) throws
        -> (pieces: [PracticeStatistics.PieceShare], count: Int) {
        let (condition, parameters) = Self.range(userID: userID, instrument: instrument, first: first, last: last)
        let pieces = try database.query(
            """
            SELECT sheet_music_id, sum(logs) AS logs, sum(seconds) AS seconds, max(day) AS last_day FROM practice_day_details
            WHERE \(condition) AND sheet_music_id <> '' GROUP BY sheet_music_id ORDER BY sum(seconds) DESC, sheet_music_id LIMIT ?
            """, parameters + [.integer(limit)]
        ) {
            PracticeStatistics.PieceShare(
                sheetMusicID: try $0.text("sheet_music_id"), logs: try $0.number("logs"), seconds: try $0.number("seconds"),
                lastPracticed: try $0.day("last_day"))
        }
        let count = try database.first(
            "SELECT count(DISTINCT sheet_music_id) FROM practice_day_details WHERE \(condition) AND sheet_music_id <> ''", parameters
        ) { $0.integer(0) ?? 0 } ?? 0
        return (pieces, count)
    }

    private static func range(userID: String, instrument: Instrument?, first: LocalDay, last: LocalDay) -> (String, [SQLValue]) {
        let (condition, parameters) = scope(userID: userID, instrument: instrument)
        return (condition + " AND day BETWEEN ? AND ?", parameters + [.text(first.description), .text(last.description)])
    }

    private static func values(of row: PracticeDetail, userID: String) -> [SQLValue] {
        [.text(userID), .text(row.instrument.rawValue), .text(row.day.description), .text(row.activity.rawValue),
         .text(row.sheetMusicID ?? ""), .integer(row.logs), .integer(row.seconds)]
    }

    private static func detail(_ row: Row) throws -> PracticeDetail {
        let piece = try row.text("sheet_music_id")
        return PracticeDetail(
            instrument: try row.choice("instrument"), day: try row.day("day"), activity: try row.choice("activity_type"),
            sheetMusicID: piece.isEmpty ? nil : piece, logs: try row.number("logs"), seconds: try row.number("seconds"))
    }
}
