/// Practice totals of one local day, in the shape of the `daily_practice_summary` view.
public struct DailySummary: Sendable, Equatable, Codable {
    /// The day.
    public var day: LocalDay
    /// Distinct sessions.
    public var sessions: Int
    /// Seconds practised.
    public var totalSeconds: Int
    /// Logs.
    public var activities: Int
    /// Average self-rating.
    public var averageRating: Double?
    /// Average accuracy.
    public var averageAccuracy: Double?

    /// Creates a summary.
    public init(day: LocalDay, sessions: Int, totalSeconds: Int, activities: Int, averageRating: Double?, averageAccuracy: Double?) {
        self.day = day
        self.sessions = sessions
        self.totalSeconds = totalSeconds
        self.activities = activities
        self.averageRating = averageRating
        self.averageAccuracy = averageAccuracy
    }
}

/// A value of a trend series on one day.
public struct TrendPoint: Sendable, Equatable, Codable {
    /// The day.
    public var day: LocalDay
    /// The value.
    public var value: Double

    /// Creates a point.
    public init(day: LocalDay, value: Double) {
        self.day = day
        self.value = value
    }
}

/// A milestone placed in time: local midnight of its day as an instant.
public struct DatedMilestone: Sendable, Equatable, Codable {
    /// When.
    public var date: Timestamp
    /// What.
    public var title: String

    /// Creates a dated milestone.
    public init(date: Timestamp, title: String) {
        self.date = date
        self.title = title
    }
}

/// A user's progress on one instrument as of one local day.
public struct ProgressOverview: Sendable, Equatable, Codable {
    /// Days in `dailySummaries` and the trend series.
    public static let windowDays = 30
    /// Days each trend point averages over (trailing, inclusive).
    public static let trendDays = 7
    /// Milestones listed.
    public static let milestoneCount = 10

    /// Instrument.
    public var instrument: Instrument
    /// Seconds practised.
    public var totalPracticeSeconds = 0
    /// Streak as of the overview's day.
    public var currentStreak = 0
    /// Longest streak.
    public var longestStreak = 0
    /// Latest practice day.
    public var lastPracticeDay: LocalDay?
    /// Experience points over all areas.
    public var experiencePoints = 0
    /// Each skill area, in `SkillArea.allCases` order, including untouched ones.
    public var skillAreas: [AreaProgress] = []
    /// Days with practice in the window, oldest first.
    public var dailySummaries: [DailySummary] = []
    /// Trailing average accuracy on each day with accuracy data in the window.
    public var accuracyTrend: [TrendPoint] = []
    /// Trailing average tempo percentage on each day with tempo data in the window.
    public var tempoTrend: [TrendPoint] = []
    /// Newest first.
    public var recentMilestones: [DatedMilestone] = []

    /// An empty overview.
    public init(instrument: Instrument) {
        self.instrument = instrument
    }

    /// The overall level.
    public var level: Int { Experience.level(for: experiencePoints) }
}

/// A user's practice totals (the `user_statistics` view plus streaks over all instruments).
public struct UserStats: Sendable, Equatable, Codable {
    /// Distinct local days with practice.
    public var totalPracticeDays = 0
    /// Seconds practised.
    public var totalPracticeSeconds = 0
    /// Distinct catalogue pieces.
    public var uniquePieces = 0
    /// Average self-rating.
    public var averageSelfRating: Double?
    /// Average accuracy.
    public var averageAccuracy: Double?
    /// Streak as of today.
    public var currentStreak = 0
    /// Longest streak.
    public var longestStreak = 0

    /// No practice.
    public init() {}
}
