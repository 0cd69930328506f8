import Domain
import Storage

extension ProgressService {
    /// The longest range statistics cover: ten years of local days.
    public static let statisticsMaxDays: Int64 = 3_660
    /// The most periods one answer holds (a year and a day of days; use weeks or months beyond).
    public static let statisticsMaxPeriods = 367

    /// The signed-in user's practice on their local days `from` to `to` (both `YYYY-MM-DD`,
    /// inclusive), optionally on one instrument, in periods of `grouping`. Read from the day
    /// aggregates only, never from the logs; cached under the user's progress revision.
    public func statistics(viewer: Viewer, from: String, to: String, instrument: Instrument?, grouping: StatisticsGrouping) throws
        -> PracticeStatistics {
        try statistics(of: ReadAccess(viewer: viewer), from: from, to: to, instrument: instrument, grouping: grouping)
    }

    /// The same statistics of the practice the access reaches.
    public func statistics(of access: ReadAccess, from: String, to: String, instrument: Instrument?, grouping: StatisticsGrouping) throws
        -> PracticeStatistics {
        let userID = access.userID
        guard let first = LocalDay(from) else { throw APIError.invalid("from", "from must be a date written YYYY-MM-DD.") }
        guard let last = LocalDay(to) else { throw APIError.invalid("to", "to must be a date written YYYY-MM-DD.") }
        guard first <= last else { throw APIError.invalid("to", "to must not be before from.") }
        guard last.number - first.number < Self.statisticsMaxDays else {
            throw APIError.invalid("to", "A range may span at most \(Self.statisticsMaxDays) days.")
        }
        let periods = Self.periods(from: first, through: last, grouping: grouping)
        guard periods.count <= Self.statisticsMaxPeriods else {
            throw APIError.invalid(
                "groupBy", "The range has more than \(Self.statisticsMaxPeriods) periods of a \(grouping.rawValue): group by a longer period.")
        }
        let key = "statistics:\(userID):\(first):\(last):\(instrument?.rawValue ?? "all"):\(grouping.rawValue)"
        return try cached(key, userID: userID) {
            var statistics = PracticeStatistics(first: first, last: last, instrument: instrument, grouping: grouping)
            statistics.periods = periods
            let days = try store.dayTotals(userID: userID, instrument: instrument, from: first, through: last)
            var index = 0
            for (day, totals) in days {
                statistics.totals.add(totals)
                while statistics.periods[index].last < day { index += 1 }
                statistics.periods[index].totals.add(totals)
            }
            let streaks = Streaks(days: days.map(\.day))
            statistics.longestStreak = streaks.longest
            statistics.streakAtEnd = streaks.current(today: last)
            statistics.activities = try store.activityTotals(userID: userID, instrument: instrument, from: first, through: last)
                .sorted { ($0.seconds, $1.activity.rawValue) > ($1.seconds, $0.activity.rawValue) }
            (statistics.pieces, statistics.pieceCount) = try store.pieceTotals(
                userID: userID, instrument: instrument, from: first, through: last, limit: PracticeStatistics.pieceLimit)
            return statistics
        }
    }

    /// The periods of `grouping` that cover the range, each clipped to it, with empty totals.
    static func periods(from first: LocalDay, through last: LocalDay, grouping: StatisticsGrouping) -> [PracticeStatistics.Period] {
        var periods: [PracticeStatistics.Period] = []
        var start = grouping.start(of: first)
        // Counting first bounds the work: a ten-year range of days is refused, not built.
        while start <= last, periods.count <= statisticsMaxPeriods {
            let next = grouping.next(after: start)
            periods.append(PracticeStatistics.Period(first: max(start, first), last: min(next.adding(days: -1), last)))
            start = next
        }
        return periods
    }
}
