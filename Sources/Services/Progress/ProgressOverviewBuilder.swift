import Domain
import Storage

/// Assembles a `ProgressOverview` from the stored aggregates: the instrument's
/// `progress_tracking` rows, its distinct practice days (streaks), the last 30 local days of
/// logs (daily summaries) and of `practice_days` (trends). Nothing here reads more than the
/// window's logs, so the cost does not grow with a user's history beyond one row per day.
struct ProgressOverviewBuilder {
    let store: ProgressStore
    let calendar: LocalCalendar

    /// The overview of one instrument as of the local day `today`.
    func overview(userID: String, instrument: Instrument, today: LocalDay) throws -> ProgressOverview {
        var overview = ProgressOverview(instrument: instrument)
        let first = today.adding(days: Int64(1 - ProgressOverview.windowDays))
        let trendsSince = first.adding(days: Int64(1 - ProgressOverview.trendDays))
        try store.readAheadForOverview(userID: userID, instrument: instrument, from: first, through: today, trendsSince: trendsSince)
        let stored = try store.areas(userID: userID, instrument: instrument)
        overview.skillAreas = SkillArea.allCases.map { area in
            stored.first { $0.skillArea == area } ?? AreaProgress(instrument: instrument, skillArea: area)
        }
        for area in overview.skillAreas {
            overview.totalPracticeSeconds += area.totalPracticeSeconds
            overview.experiencePoints += area.experiencePoints
        }
        let streaks = Streaks(days: try store.practiceDays(userID: userID, instrument: instrument))
        overview.currentStreak = streaks.current(today: today)
        overview.longestStreak = streaks.longest
        overview.lastPracticeDay = streaks.lastDay

        overview.dailySummaries = try store.dailySummaries(userID: userID, instrument: instrument, from: first, through: today)
        let days = try store.storedDays(userID: userID, instrument: instrument, since: trendsSince)
        overview.accuracyTrend = Self.series(days, from: first, through: today, \.accuracySum, \.accuracyCount)
        overview.tempoTrend = Self.series(days, from: first, through: today, \.speedSum, \.speedCount)

        overview.recentMilestones = stored.flatMap(\.milestones)
            .sorted { ($0.day, $0.title) > ($1.day, $1.title) }
            .prefix(ProgressOverview.milestoneCount)
            .map { DatedMilestone(date: calendar.midnight(of: $0.day), title: $0.title) }
        return overview
    }

    /// One point per day of the window with data: the average over that day and the
    /// `trendDays − 1` days before it.
    static func series(
        _ days: [PracticeDay], from first: LocalDay, through last: LocalDay,
        _ sum: KeyPath<PracticeDay, Int>, _ count: KeyPath<PracticeDay, Int>
    ) -> [TrendPoint] {
        let withData = Set(days.filter { $0[keyPath: count] > 0 }.map(\.day)).filter { $0 >= first && $0 <= last }.sorted()
        return withData.compactMap { day in
            let trailing = days.filter { $0.day <= day && $0.day.number > day.number - Int64(ProgressOverview.trendDays) }
            return AreaProgress.trend(trailing, sum, count).map { TrendPoint(day: day, value: $0) }
        }
    }
}
