import Domain

extension ProgressStore {
    /// The selected columns of `practice_days` (`day(_:)` reads them by name).
    static let dayColumns = """
        instrument, skill_area, day, logs, seconds, experience, accuracy_sum, accuracy_count, speed_sum, speed_count,
        tempo_targets_met, activity_mask, rating_sum, rating_count
        """

    /// Maps a row to one day's aggregate by column name, so any SELECT of `dayColumns` in any
    /// order maps the same. Every column is NOT NULL: one the SELECT lacks, a NULL, or a value its
    /// type does not have is a `RowDecodingError`.
    static func day(_ row: Row) throws -> PracticeDay {
        var day = PracticeDay(instrument: try row.choice("instrument"), skillArea: try row.choice("skill_area"), day: try row.day("day"))
        day.logs = try row.number("logs")
        day.seconds = try row.number("seconds")
        day.experience = try row.number("experience")
        day.accuracySum = try row.number("accuracy_sum")
        day.accuracyCount = try row.number("accuracy_count")
        day.speedSum = try row.number("speed_sum")
        day.speedCount = try row.number("speed_count")
        day.tempoTargetsMet = try row.number("tempo_targets_met")
        day.activityMask = Int64(try row.number("activity_mask"))
        day.ratingSum = try row.number("rating_sum")
        day.ratingCount = try row.number("rating_count")
        return day
    }

    /// The selected columns of `progress_tracking` (`area(_:)` reads them by name).
    static let areaColumns = """
        instrument, skill_area, experience_points, total_practice_time, consecutive_days, longest_streak,
        last_practice_date, accuracy_trend, speed_trend, achievements, milestones
        """

    /// Maps a row to an area's progress by column name, so any SELECT of `areaColumns` in any
    /// order maps the same. A column the SELECT lacks, NULL in a column the table declares NOT
    /// NULL, or a value its type does not have is a `RowDecodingError`.
    static func area(_ row: Row) throws -> AreaProgress {
        var area = AreaProgress(instrument: try row.choice("instrument"), skillArea: try row.choice("skill_area"))
        area.experiencePoints = try row.number("experience_points")
        area.totalPracticeSeconds = try row.number("total_practice_time")
        area.streaks = Streaks(
            longest: try row.number("longest_streak"), latestRun: try row.number("consecutive_days"),
            lastDay: try row.optionalDay("last_practice_date"))
        area.accuracyTrend = try row.optionalDouble("accuracy_trend")
        area.speedTrend = try row.optionalDouble("speed_trend")
        // No stored list (or one that does not parse) is none unlocked, no milestones reached.
        area.achievements = Self.jsonArray(try row.optionalText("achievements")).compactMap(\.stringValue)
        area.milestones = Self.jsonArray(try row.optionalText("milestones")).compactMap(Milestone.init(json:))
        return area
    }
}
