import Domain

extension ProgressStore {
    /// The user's unlocked achievements and when.
    public func unlockedAchievements(userID: String) throws -> [String: Timestamp] {
        let rows = try database.query(Self.unlockedAchievements(userID: userID)) { (try $0.text("achievement_id"), try $0.instant("unlocked_at")) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// The statement of `unlockedAchievements`.
    static func unlockedAchievements(userID: String) -> Statement {
        Statement("SELECT achievement_id, unlocked_at FROM user_achievements WHERE user_id = ?", [.text(userID)])
    }

    /// Reads ahead, in one round trip on PostgreSQL instead of one per statement, what
    /// refreshing the user's progress after a log changed reads, in its order: the unlocked
    /// achievements, each area's stored days and row stamp (`updatedAt`), the facts achievements
    /// are measured against (`achievementFacts`) and the open goals.
    public func readAheadForLogChange(areas: [(Instrument, SkillArea)], userID: String) throws {
        try database.readAhead(
            [Self.unlockedAchievements(userID: userID)]
                + areas.flatMap { instrument, area in
                    [Self.storedDays(userID: userID, instrument: instrument, skillArea: area, since: nil),
                     Self.updatedAt(instrument: instrument, skillArea: area, userID: userID)]
                }
                + Self.achievementFacts(userID: userID) + [GoalStore.listing(userID: userID, includeCompleted: false)])
    }

    /// Reads ahead, in one round trip on PostgreSQL, what checking the user's achievements
    /// reads: the unlocked ones and the facts they are measured against.
    public func readAheadForAchievements(userID: String) throws {
        try database.readAhead([Self.unlockedAchievements(userID: userID)] + Self.achievementFacts(userID: userID))
    }

    /// The statements of the facts achievements are measured against (`totals`, `activityMask`,
    /// `practiceDays`, `completedSessions`, `pieceFacts`).
    private static func achievementFacts(userID: String) -> [Statement] {
        [totals(userID: userID), activityMask(userID: userID), practiceDays(userID: userID, instrument: nil),
         completedSessions(userID: userID), pieceFacts(userID: userID)]
    }

    /// Records an unlock; a second unlock of the same achievement keeps the first time.
    public func unlock(_ achievementID: String, userID: String, at instant: Timestamp) throws {
        try database.send(
            "INSERT INTO user_achievements (user_id, achievement_id, unlocked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [.text(userID), .text(achievementID), .text(instant.iso8601)])
    }

    /// Whether the user completed a practice session (1) or not (0): what the day aggregate does
    /// not hold.
    public func completedSessions(userID: String) throws -> Int {
        try database.first(Self.completedSessions(userID: userID)) { $0.integer(0) ?? 0 } ?? 0
    }

    /// The statement of `completedSessions`.
    static func completedSessions(userID: String) -> Statement {
        Statement(
            "SELECT count(*) FROM (SELECT 1 FROM practice_sessions WHERE user_id = ? AND status = 'completed' LIMIT 1) AS completed",
            [.text(userID)])
    }

    /// The user's catalogue pieces practised and their best accuracy on one.
    public func pieceFacts(userID: String) throws -> (pieces: Int, bestAccuracy: Double?) {
        try database.first(Self.pieceFacts(userID: userID)) { (try $0.number("pieces"), try $0.optionalDouble("best_accuracy")) } ?? (0, nil)
    }

    /// The statement of `pieceFacts`.
    static func pieceFacts(userID: String) -> Statement {
        Statement(
            "SELECT count(*) AS pieces, max(best_accuracy) AS best_accuracy FROM user_sheet_music_progress WHERE user_id = ? AND times_practiced > 0",
            [.text(userID)])
    }

    /// Daily totals of the user's logs on one instrument from `first` to `last`, oldest first:
    /// the `daily_practice_summary` view's figures, narrowed to the instrument.
    public func dailySummaries(userID: String, instrument: Instrument, from first: LocalDay, through last: LocalDay) throws -> [DailySummary] {
        try database.query(Self.dailySummaries(userID: userID, instrument: instrument, from: first, through: last)) { row in
            DailySummary(
                day: try row.day("local_day"), sessions: try row.number("sessions"), totalSeconds: try row.number("total_seconds"),
                activities: try row.number("activities"), averageRating: try row.optionalDouble("average_rating").map(Self.twoDecimals),
                averageAccuracy: try row.optionalDouble("average_accuracy").map(Self.twoDecimals))
        }
    }

    /// The statement of `dailySummaries`.
    static func dailySummaries(userID: String, instrument: Instrument, from first: LocalDay, through last: LocalDay) -> Statement {
        Statement(
            """
            SELECT local_day, count(DISTINCT session_id) AS sessions, coalesce(sum(duration_seconds), 0) AS total_seconds,
              count(*) AS activities, avg(self_rating) AS average_rating, avg(accuracy_percentage) AS average_accuracy
            FROM practice_logs WHERE user_id = ? AND local_day BETWEEN ? AND ? AND instrument = ?
            GROUP BY local_day ORDER BY local_day
            """, [.text(userID), .text(first.description), .text(last.description), .text(instrument.rawValue)])
    }

    /// The user's figures of the `user_statistics` view, read from the incremental aggregates
    /// rather than by scanning their logs (a test checks they agree); streaks are left to the caller.
    public func statistics(userID: String) throws -> UserStats {
        var stats = try database.first(
            """
            SELECT count(DISTINCT day) AS days, coalesce(sum(seconds), 0) AS seconds, sum(rating_sum) AS rating_sum,
              sum(rating_count) AS rating_count, sum(accuracy_sum) AS accuracy_sum, sum(accuracy_count) AS accuracy_count
            FROM practice_days WHERE user_id = ?
            """, [.text(userID)]
        ) { row in
            var stats = UserStats()
            stats.totalPracticeDays = try row.number("days")
            stats.totalPracticeSeconds = try row.number("seconds")
            // The sums are NULL when the user has no days: no average.
            stats.averageSelfRating = Self.average(try row.optionalNumber("rating_sum"), try row.optionalNumber("rating_count"), scale: 1)
            stats.averageAccuracy = Self.average(try row.optionalNumber("accuracy_sum"), try row.optionalNumber("accuracy_count"), scale: 100)
            return stats
        } ?? UserStats()
        stats.uniquePieces = try database.first(
            "SELECT count(*) FROM user_sheet_music_progress WHERE user_id = ? AND times_practiced > 0", [.text(userID)]
        ) { $0.integer(0) ?? 0 } ?? 0
        return stats
    }

    private static func average(_ sum: Int?, _ count: Int?, scale: Double) -> Double? {
        guard let sum, let count, count > 0 else { return nil }
        return twoDecimals(Double(sum) / Double(count) / scale)
    }

    /// Every log of the user with its start, for recomputing local days after a time-zone change.
    public func logStarts(userID: String) throws -> [(id: String, start: Timestamp)] {
        try database.query("SELECT id, start_time FROM practice_logs WHERE user_id = ?", [.text(userID)]) {
            (try $0.text("id"), try $0.instant("start_time"))
        }
    }

    /// Sets a log's local day.
    public func setLocalDay(_ day: LocalDay, logID: String) throws {
        try database.run("UPDATE practice_logs SET local_day = ? WHERE id = ? AND local_day IS DISTINCT FROM ?", [.text(day.description), .text(logID), .text(day.description)])
    }

    /// Ids of every user, for rebuilding all progress.
    public func userIDs() throws -> [String] {
        try database.query("SELECT id FROM users ORDER BY id") { $0.string(0) ?? "" }
    }

    /// A value rounded to two decimals, as averages are served.
    static func twoDecimals(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
