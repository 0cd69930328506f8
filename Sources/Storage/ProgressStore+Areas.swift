import Domain

extension ProgressStore {
    /// The user's `progress_tracking` rows, optionally of one instrument.
    public func areas(userID: String, instrument: Instrument? = nil) throws -> [AreaProgress] {
        try database.query(Self.areas(userID: userID, instrument: instrument), Self.area)
    }

    /// The statement of `areas`.
    static func areas(userID: String, instrument: Instrument?) -> Statement {
        let (condition, parameters) = scope(userID: userID, instrument: instrument)
        return Statement("SELECT \(areaColumns) FROM progress_tracking WHERE \(condition) ORDER BY instrument, skill_area", parameters)
    }

    /// Reads ahead, in one round trip on PostgreSQL, what a progress overview of one instrument
    /// reads: its `areas`, its `practiceDays`, the `dailySummaries` from `first` through `last`
    /// and the `storedDays` since `trendsSince`.
    public func readAheadForOverview(userID: String, instrument: Instrument, from first: LocalDay, through last: LocalDay,
                                     trendsSince: LocalDay) throws {
        try database.readAhead([
            Self.areas(userID: userID, instrument: instrument), Self.practiceDays(userID: userID, instrument: instrument),
            Self.dailySummaries(userID: userID, instrument: instrument, from: first, through: last),
            Self.storedDays(userID: userID, instrument: instrument, skillArea: nil, since: trendsSince)])
    }

    /// When an area's row last changed.
    public func updatedAt(instrument: Instrument, skillArea: SkillArea, userID: String) throws -> Timestamp? {
        try database.first(Self.updatedAt(instrument: instrument, skillArea: skillArea, userID: userID)) { $0.timestamp(0) } ?? nil
    }

    /// The statement of `updatedAt`.
    static func updatedAt(instrument: Instrument, skillArea: SkillArea, userID: String) -> Statement {
        Statement(
            "SELECT updated_at FROM progress_tracking WHERE user_id = ? AND instrument = ? AND skill_area = ?",
            [.text(userID), .text(instrument.rawValue), .text(skillArea.rawValue)])
    }

    /// Writes an area's row, creating it if needed; `updatedAt` must differ from the stored one
    /// (the table's trigger would otherwise stamp the wall clock).
    public func save(_ area: AreaProgress, userID: String, now: Timestamp, updatedAt: Timestamp) throws {
        try database.send(
            """
            INSERT INTO progress_tracking (id, user_id, instrument, skill_area, current_level, experience_points,
              total_practice_time, consecutive_days, longest_streak, last_practice_date, accuracy_trend, speed_trend,
              achievements, milestones, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(user_id, instrument, skill_area) DO UPDATE SET
              current_level = excluded.current_level, experience_points = excluded.experience_points,
              total_practice_time = excluded.total_practice_time, consecutive_days = excluded.consecutive_days,
              longest_streak = excluded.longest_streak, last_practice_date = excluded.last_practice_date,
              accuracy_trend = excluded.accuracy_trend, speed_trend = excluded.speed_trend,
              achievements = excluded.achievements, milestones = excluded.milestones,
              updated_at = excluded.updated_at
            """,
            [.text(Self.rowID(userID: userID, area: area)), .text(userID), .text(area.instrument.rawValue), .text(area.skillArea.rawValue),
             .integer(area.level), .integer(area.experiencePoints), .integer(area.totalPracticeSeconds),
             .integer(area.streaks.latestRun), .integer(area.streaks.longest), .text(area.streaks.lastDay?.description),
             .real(area.accuracyTrend), .real(area.speedTrend),
             .text(JSONWriter.string(.array(area.achievements.map(JSONValue.string)))),
             .text(JSONWriter.string(.array(area.milestones.map(\.json)))), .text(now.iso8601), .text(updatedAt.iso8601)])
    }

    /// Removes an area's row (its practice is gone).
    public func delete(instrument: Instrument, skillArea: SkillArea, userID: String) throws {
        try database.run(
            "DELETE FROM progress_tracking WHERE user_id = ? AND instrument = ? AND skill_area = ?",
            [.text(userID), .text(instrument.rawValue), .text(skillArea.rawValue)])
    }

    /// Writes the user's unlocked achievements to every one of their rows, stamped with the
    /// request's clock (the table's trigger would stamp the wall clock).
    public func setAchievements(_ ids: [String], userID: String, now: Timestamp) throws {
        try database.send(
            "UPDATE progress_tracking SET achievements = ?, updated_at = max(?, updated_at) WHERE user_id = ?",
            [.text(JSONWriter.string(.array(ids.map(JSONValue.string)))), .text(now.iso8601), .text(userID)])
    }

    /// The user's progress revision: it changes with every write to their derived progress, so
    /// cache keys that include it are invalidated in the same transaction as the write.
    public func revision(userID: String) throws -> Int {
        try database.first("SELECT revision FROM progress_revisions WHERE user_id = ?", [.text(userID)]) { $0.integer(0) ?? 0 } ?? 0
    }

    /// Moves the user's progress revision on.
    public func bumpRevision(userID: String) throws {
        try database.send(
            "INSERT INTO progress_revisions (user_id, revision) VALUES (?, 1) ON CONFLICT(user_id) DO UPDATE SET revision = progress_revisions.revision + 1",
            [.text(userID)])
    }

    /// A row's id follows from its key, so a rebuild recreates the same id and no randomness is
    /// spent (which would shift every later generated id and token).
    static func rowID(userID: String, area: AreaProgress) -> String {
        "\(userID):\(area.instrument.rawValue):\(area.skillArea.rawValue)"
    }

    /// The elements of a stored JSON array; empty when missing or malformed.
    static func jsonArray(_ text: String?) -> [JSONValue] {
        guard let text else { return [] }
        return (try? JSONParser.parse(text))?.arrayValue ?? []
    }
}
