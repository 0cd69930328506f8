/// How `myStatistics` splits its range into periods.
public enum StatisticsGrouping: String, NamedEnum {
    /// One period per local day.
    case day
    /// ISO weeks, Monday to Sunday.
    case week
    /// Calendar months.
    case month

    /// The first day of the period that holds `day`.
    public func start(of day: LocalDay) -> LocalDay {
        switch self {
        case .day: return day
        case .week: return day.weekStart
        case .month: return day.monthStart
        }
    }

    /// The first day of the period after the one that starts on `start`.
    public func next(after start: LocalDay) -> LocalDay {
        switch self {
        case .day: return start.adding(days: 1)
        case .week: return start.adding(days: 7)
        case .month: return start.adding(days: 31).monthStart
        }
    }
}

/// A user's practice over a range of their local days (`myStatistics`), from the day
/// aggregates: totals, one entry per period (empty ones too), the activities and pieces
/// practised, and the streaks inside the range.
public struct PracticeStatistics: Sendable, Equatable, Codable {
    /// Totals over some days.
    public struct Totals: Sendable, Equatable, Codable {
        /// Seconds practised.
        public var seconds = 0
        /// Logs.
        public var logs = 0
        /// Days with at least one log.
        public var practiceDays = 0
        /// Sum and count of self-ratings.
        public var ratingSum = 0, ratingCount = 0
        /// Sum (hundredths of a percent) and count of accuracies.
        public var accuracySum = 0, accuracyCount = 0

        /// Empty totals.
        public init() {}

        /// Adds other totals to these (over days that do not overlap).
        public mutating func add(_ other: Totals) {
            seconds += other.seconds
            logs += other.logs
            practiceDays += other.practiceDays
            ratingSum += other.ratingSum
            ratingCount += other.ratingCount
            accuracySum += other.accuracySum
            accuracyCount += other.accuracyCount
        }

        /// The average self-rating, two decimals; nil without ratings.
        public var averageRating: Double? { Self.average(ratingSum, ratingCount, scale: 1) }
        /// The average accuracy in percent, two decimals; nil without accuracies.
        public var averageAccuracy: Double? { Self.average(accuracySum, accuracyCount, scale: 100) }

        private static func average(_ sum: Int, _ count: Int, scale: Double) -> Double? {
            guard count > 0 else { return nil }
            return (Double(sum) / Double(count) / scale * 100).rounded() / 100
        }
    }

    /// One period of the range, clipped to it.
    public struct Period: Sendable, Equatable, Codable {
        /// First and last day of the period inside the range.
        public var first: LocalDay, last: LocalDay
        /// The period's totals.
        public var totals: Totals

        /// A period of these days, with nothing practised yet.
        public init(first: LocalDay, last: LocalDay) {
            (self.first, self.last, totals) = (first, last, Totals())
        }
    }

    /// Time on one activity.
    public struct ActivityShare: Sendable, Equatable, Codable {
        /// The activity.
        public var activity: ActivityType
        /// Logs and seconds.
        public var logs: Int, seconds: Int

        /// The activity's share.
        public init(activity: ActivityType, logs: Int, seconds: Int) {
            (self.activity, self.logs, self.seconds) = (activity, logs, seconds)
        }
    }

    /// Time on one piece.
    public struct PieceShare: Sendable, Equatable, Codable {
        /// The catalogue piece.
        public var sheetMusicID: String
        /// Logs and seconds.
        public var logs: Int, seconds: Int
        /// The last day in the range it was practised.
        public var lastPracticed: LocalDay

        /// The piece's share.
        public init(sheetMusicID: String, logs: Int, seconds: Int, lastPracticed: LocalDay) {
            (self.sheetMusicID, self.logs, self.seconds, self.lastPracticed) = (sheetMusicID, logs, seconds, lastPracticed)
        }
    }

    /// The range, both ends included.
    public var first: LocalDay, last: LocalDay
    /// The instrument it is narrowed to, or nil for both.
    public var instrument: Instrument?
    /// The grouping of `periods`.
    public var grouping: StatisticsGrouping
    /// Totals over the range.
    public var totals: Totals
    /// The periods, oldest first.
    public var periods: [Period]
    /// Activities practised, most time first (ties by name).
    public var activities: [ActivityShare]
    /// Pieces practised, most time first (ties by id), at most `PracticeStatistics.pieceLimit`.
    public var pieces: [PieceShare]
    /// How many pieces were practised in the range (`pieces` may be cut).
    public var pieceCount: Int
    /// The longest run of consecutive practice days inside the range.
    public var longestStreak: Int
    /// The run of consecutive practice days that ends on the range's last day, or on the day
    /// before it (as a current streak does when today has no practice yet).
    public var streakAtEnd: Int

    /// The most pieces listed.
    public static let pieceLimit = 100

    /// Statistics of a range, with nothing practised yet.
    public init(first: LocalDay, last: LocalDay, instrument: Instrument?, grouping: StatisticsGrouping) {
        (self.first, self.last, self.instrument, self.grouping) = (first, last, instrument, grouping)
        (totals, periods, activities, pieces, pieceCount, longestStreak, streakAtEnd) = (Totals(), [], [], [], 0, 0, 0)
    }
}
