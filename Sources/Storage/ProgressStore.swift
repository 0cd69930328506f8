import Domain

/// SQL for derived progress: the per-day aggregates `practice_days` (per skill area) and
/// `practice_day_details` (per activity and piece), the `progress_tracking` rows recomputed
/// from them, and the facts achievements are measured against.
public struct ProgressStore: Sendable {
    let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The WHERE clause and parameters of one user's rows, optionally of one instrument.
    static func scope(userID: String, instrument: Instrument?) -> (condition: String, parameters: [SQLValue]) {
        guard let instrument else { return ("user_id = ?", [.text(userID)]) }
        return ("user_id = ? AND instrument = ?", [.text(userID), .text(instrument.rawValue)])
    }

    /// The WHERE clause and parameters on `practice_logs` of the user's logs on some local days
    /// (all of them when nil): what both aggregates re-aggregate.
    static func logScope(userID: String, days: Set<LocalDay>?) -> (condition: String, parameters: [SQLValue]) {
        guard let days else { return ("user_id = ?", [.text(userID)]) }
        return ("user_id = ? AND local_day IN (SELECT value FROM json_each(?))", [.text(userID), .list(days.map(\.description))])
    }

    /// The practice of some of the user's local days, aggregated from their logs.
    public func daysFromLogs(userID: String, days: Set<LocalDay>) throws -> [PracticeDay] {
        guard !days.isEmpty else { return [] }
        let (condition, parameters) = Self.logScope(userID: userID, days: days)
        return try aggregate(condition, parameters)
    }

    /// All of the user's practice, aggregated from their logs (the rebuild).
    public func allDaysFromLogs(userID: String) throws -> [PracticeDay] {
        let (condition, parameters) = Self.logScope(userID: userID, days: nil)
        return try aggregate(condition, parameters)
    }

    private func aggregate(_ condition: String, _ parameters: [SQLValue]) throws -> [PracticeDay] {
        var days: [String: PracticeDay] = [:]
        _ = try database.query(
            """
            SELECT instrument, activity_type, local_day, duration_seconds, accuracy_percentage, tempo_practiced, target_tempo, self_rating
            FROM practice_logs WHERE \(condition)
            """, parameters
        ) { row in
            // A log whose local day is not set yet (an imported one, until the rebuild sets it) counts on no day.
            guard let day = try row.optionalDay("local_day") else { return }
            let instrument: Instrument = try row.choice("instrument")
            let activity: ActivityType = try row.choice("activity_type")
            let area = SkillArea(activity)
            let key = "\(instrument.rawValue) \(area.rawValue) \(day.number)"
            days[key, default: PracticeDay(instrument: instrument, skillArea: area, day: day)].add(
                activity: activity, seconds: try row.optionalNumber("duration_seconds"), accuracy: try row.optionalDouble("accuracy_percentage"),
                tempo: try row.optionalNumber("tempo_practiced"), targetTempo: try row.optionalNumber("target_tempo"),
                rating: try row.optionalNumber("self_rating"))
        }
        return Array(days.values)
    }

    /// Replaces the stored aggregate of some of the user's days.
    public func replaceDays(userID: String, days: Set<LocalDay>, with rows: [PracticeDay]) throws {
        for day in days {
            try database.run("DELETE FROM practice_days WHERE user_id = ? AND day = ?", [.text(userID), .text(day.description)])
        }
        for row in rows {
            try database.run(
                """
                INSERT INTO practice_days (user_id, instrument, skill_area, day, logs, seconds, experience, accuracy_sum,
                  accuracy_count, speed_sum, speed_count, rating_sum, rating_count, tempo_targets_met, activity_mask)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                Self.values(of: row, userID: userID))
        }
    }

    private static func values(of row: PracticeDay, userID: String) -> [SQLValue] {
        [.text(userID), .text(row.instrument.rawValue), .text(row.skillArea.rawValue), .text(row.day.description),
         .integer(row.logs), .integer(row.seconds), .integer(row.experience), .integer(row.accuracySum),
         .integer(row.accuracyCount), .integer(row.speedSum), .integer(row.speedCount), .integer(row.ratingSum),
         .integer(row.ratingCount), .integer(row.tempoTargetsMet), .integer(row.activityMask)]
    }

    /// Adds one log's practice to its day's row, creating the row if needed.
    public func addToDay(_ delta: PracticeDay, userID: String) throws {
        try database.send(
            """
            INSERT INTO practice_days (user_id, instrument, skill_area, day, logs, seconds, experience, accuracy_sum,
              accuracy_count, speed_sum, speed_count, rating_sum, rating_count, tempo_targets_met, activity_mask)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(user_id, instrument, skill_area, day) DO UPDATE SET
              logs = practice_days.logs + excluded.logs, seconds = practice_days.seconds + excluded.seconds, experience = practice_days.experience + excluded.experience,
              accuracy_sum = practice_days.accuracy_sum + excluded.accuracy_sum, accuracy_count = practice_days.accuracy_count + excluded.accuracy_count,
              speed_sum = practice_days.speed_sum + excluded.speed_sum, speed_count = practice_days.speed_count + excluded.speed_count,
              rating_sum = practice_days.rating_sum + excluded.rating_sum, rating_count = practice_days.rating_count + excluded.rating_count,
              tempo_targets_met = practice_days.tempo_targets_met + excluded.tempo_targets_met,
              activity_mask = practice_days.activity_mask | excluded.activity_mask
            """, Self.values(of: delta, userID: userID))
    }

    /// The stored aggregate of the user, optionally of one instrument and skill area, oldest day first.
    public func storedDays(userID: String, instrument: Instrument? = nil, skillArea: SkillArea? = nil, since: LocalDay? = nil) throws -> [PracticeDay] {
        try database.query(Self.storedDays(userID: userID, instrument: instrument, skillArea: skillArea, since: since), Self.day)
    }

    /// The statement of `storedDays`.
    static func storedDays(userID: String, instrument: Instrument?, skillArea: SkillArea?, since: LocalDay?) -> Statement {
        var (condition, parameters) = scope(userID: userID, instrument: instrument)
        if let skillArea {
            condition += " AND skill_area = ?"
            parameters.append(.text(skillArea.rawValue))
        }
        if let since {
            condition += " AND day >= ?"
            parameters.append(.text(since.description))
        }
        return Statement("SELECT \(dayColumns) FROM practice_days WHERE \(condition) ORDER BY day, instrument, skill_area", parameters)
    }

    /// The user's totals over all days: seconds and logs at their target tempo.
    public func totals(userID: String) throws -> (seconds: Int, tempoTargetsMet: Int) {
        try database.first(Self.totals(userID: userID)) { (try $0.number("seconds"), try $0.number("tempo_targets_met")) } ?? (0, 0)
    }

    /// The statement of `totals`.
    static func totals(userID: String) -> Statement {
        Statement(
            "SELECT coalesce(sum(seconds), 0) AS seconds, coalesce(sum(tempo_targets_met), 0) AS tempo_targets_met FROM practice_days WHERE user_id = ?",
            [.text(userID)])
    }

    /// The OR of the activity masks of all the user's days.
    public func activityMask(userID: String) throws -> Int64 {
        try database.first(Self.activityMask(userID: userID)) { $0.int64(0) ?? 0 } ?? 0
    }

    /// The statement of `activityMask`. SQLite has no bitwise aggregate, so it ORs each bit's
    /// `max` in one pass; `SELECT DISTINCT` of the masks built a temporary B-tree on every write.
    static func activityMask(userID: String) -> Statement {
        Statement(activityMaskSQL, [.text(userID)])
    }

    private static let activityMaskSQL =
        "SELECT coalesce(" + ActivityType.allCases.map { "max(activity_mask & \($0.maskBit))" }.joined(separator: " | ")
        + ", 0) FROM practice_days WHERE user_id = ?"

    /// The distinct local days the user practised, optionally on one instrument, oldest first.
    public func practiceDays(userID: String, instrument: Instrument? = nil) throws -> [LocalDay] {
        try database.query(Self.practiceDays(userID: userID, instrument: instrument)) { $0.string(0).flatMap(LocalDay.init) }.compactMap { $0 }
    }

    /// The statement of `practiceDays`.
    static func practiceDays(userID: String, instrument: Instrument?) -> Statement {
        let (condition, parameters) = scope(userID: userID, instrument: instrument)
        return Statement("SELECT DISTINCT day FROM practice_days WHERE \(condition) ORDER BY day", parameters)
    }

    /// Seconds practised by the user on days from `first` to `last` inclusive, all instruments.
    public func seconds(userID: String, from first: LocalDay, through last: LocalDay) throws -> Int {
        try database.first(
            "SELECT coalesce(sum(seconds), 0) FROM practice_days WHERE user_id = ? AND day BETWEEN ? AND ?",
            [.text(userID), .text(first.description), .text(last.description)]) { $0.integer(0) ?? 0 } ?? 0
    }

    /// The best tempo and accuracy of the user's logs of a piece on local days `first` to `last`
    /// (found through the user-and-piece index; `+local_day` keeps the day index out of it).
    public func best(sheetMusicID: String, userID: String, from first: LocalDay, through last: LocalDay) throws -> (tempo: Int?, accuracy: Double?) {
        try database.first(
            """
            SELECT max(tempo_practiced) AS tempo, max(accuracy_percentage) AS accuracy FROM practice_logs
            WHERE user_id = ? AND sheet_music_id = ? AND +local_day BETWEEN ? AND ?
            """, [.text(userID), .text(sheetMusicID), .text(first.description), .text(last.description)]
        ) { (try $0.optionalNumber("tempo"), try $0.optionalDouble("accuracy")) } ?? (nil, nil)
    }

    /// Removes the user's whole aggregate and progress rows (before a rebuild).
    public func clear(userID: String) throws {
        try database.run("DELETE FROM practice_days WHERE user_id = ?", [.text(userID)])
        try database.run("DELETE FROM practice_day_details WHERE user_id = ?", [.text(userID)])
        try database.run("DELETE FROM progress_tracking WHERE user_id = ?", [.text(userID)])
    }
}
