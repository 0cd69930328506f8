/// An achievement of the catalogue: a metric of the user's practice and the amount that unlocks
/// it. Unlocked achievements stay unlocked even when the practice behind them is deleted.
public struct Achievement: Sendable, Equatable, Identifiable {
    /// What an achievement measures, in its own unit.
    public enum Metric: Sendable, Hashable, CaseIterable {
        /// Completed practice sessions.
        case completedSessions
        /// Distinct catalogue pieces with at least one log.
        case cataloguePieces
        /// The longest run of consecutive practice days on any instrument.
        case longestStreak
        /// Whole hours practised.
        case practiceHours
        /// The best accuracy (percent, rounded down) reached on a catalogue piece.
        case bestPieceAccuracy
        /// Logs at or above their target tempo.
        case tempoTargetsMet
        /// Distinct activity types practised.
        case activityTypes
    }

    /// Stable key, such as `streak_7`.
    public let id: String
    /// Short title.
    public let title: String
    /// What unlocks it.
    public let description: String
    /// What it measures.
    public let metric: Metric
    /// The amount that unlocks it.
    public let target: Int

    /// The catalogue, in the order it is listed.
    public static let catalogue: [Achievement] = [
        Achievement(id: "first_session", title: "First session", description: "Complete a practice session.", metric: .completedSessions, target: 1),
        Achievement(id: "first_piece", title: "First piece", description: "Practise a piece from the catalogue.", metric: .cataloguePieces, target: 1),
        Achievement(id: "streak_3", title: "Three in a row", description: "Practise 3 days in a row.", metric: .longestStreak, target: 3),
        Achievement(id: "streak_7", title: "A week of practice", description: "Practise 7 days in a row.", metric: .longestStreak, target: 7),
        Achievement(id: "streak_30", title: "A month of practice", description: "Practise 30 days in a row.", metric: .longestStreak, target: 30),
        Achievement(id: "streak_100", title: "Hundred days", description: "Practise 100 days in a row.", metric: .longestStreak, target: 100),
        Achievement(id: "hours_1", title: "First hour", description: "Practise for 1 hour in all.", metric: .practiceHours, target: 1),
        Achievement(id: "hours_10", title: "Ten hours", description: "Practise for 10 hours in all.", metric: .practiceHours, target: 10),
        Achievement(id: "hours_100", title: "Hundred hours", description: "Practise for 100 hours in all.", metric: .practiceHours, target: 100),
        Achievement(id: "pieces_10", title: "Ten pieces", description: "Practise 10 different catalogue pieces.", metric: .cataloguePieces, target: 10),
        Achievement(id: "pieces_100", title: "Hundred pieces", description: "Practise 100 different catalogue pieces.", metric: .cataloguePieces, target: 100),
        Achievement(id: "accuracy_90", title: "Clean playing", description: "Reach 90 % accuracy on a catalogue piece.", metric: .bestPieceAccuracy, target: 90),
        Achievement(id: "tempo_target", title: "Up to speed", description: "Reach the target tempo of a log.", metric: .tempoTargetsMet, target: 1),
        Achievement(id: "all_activities", title: "All-rounder", description: "Try every activity type.", metric: .activityTypes, target: ActivityType.allCases.count),
    ]
}

/// The figures achievements are measured against.
public struct AchievementFacts: Sendable, Equatable {
    /// Completed practice sessions (counted up to 1; only `first_session` needs it).
    public var completedSessions = 0
    /// Distinct catalogue pieces practised.
    public var cataloguePieces = 0
    /// The longest streak on any instrument.
    public var longestStreak = 0
    /// Seconds practised.
    public var practiceSeconds = 0
    /// The best accuracy on a catalogue piece.
    public var bestPieceAccuracy: Double?
    /// Logs at or above their target tempo.
    public var tempoTargetsMet = 0
    /// OR of the activity types' mask bits.
    public var activityMask: Int64 = 0

    /// No practice.
    public init() {}

    /// The current amount of a metric.
    public func value(of metric: Achievement.Metric) -> Int {
        switch metric {
        case .completedSessions: completedSessions
        case .cataloguePieces: cataloguePieces
        case .longestStreak: longestStreak
        case .practiceHours: practiceSeconds / 3600
        case .bestPieceAccuracy: Int((bestPieceAccuracy ?? 0).rounded(.down))
        case .tempoTargetsMet: tempoTargetsMet
        case .activityTypes: activityMask.nonzeroBitCount
        }
    }
}

/// An achievement with one user's progress toward it.
public struct AchievementStatus: Sendable, Equatable {
    /// The catalogue entry.
    public let achievement: Achievement
    /// When it was unlocked.
    public let unlockedAt: Timestamp?
    /// Progress so far, capped at the target once unlocked.
    public let current: Int

    /// Creates a status.
    public init(achievement: Achievement, unlockedAt: Timestamp?, current: Int) {
        self.achievement = achievement
        self.unlockedAt = unlockedAt
        self.current = unlockedAt == nil ? min(current, achievement.target) : achievement.target
    }

    /// current ÷ target, 0–1.
    public var progress: Double {
        Double(current) / Double(achievement.target)
    }
}
