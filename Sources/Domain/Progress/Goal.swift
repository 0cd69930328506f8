/// What a goal measures.
public enum GoalType: String, NamedEnum {
    case dailyMinutes = "daily_minutes"
    case weeklyMinutes = "weekly_minutes"
    case pieceTempo = "piece_tempo"
    case pieceAccuracy = "piece_accuracy"

    /// Whether the goal is about one piece (and needs `sheetMusicID`).
    public var isPieceGoal: Bool { self == .pieceTempo || self == .pieceAccuracy }

    /// The largest sensible target: a day's minutes, a week's minutes, BPM or percent.
    public var maximumTarget: Int {
        switch self {
        case .dailyMinutes: 1_440
        case .weeklyMinutes: 10_080
        case .pieceTempo: 400
        case .pieceAccuracy: 100
        }
    }
}

/// A practice goal, as stored in `goals`.
public struct Goal: Sendable, Equatable, Identifiable {
    /// Stable identifier.
    public var id: String
    /// Owner.
    public var userID: String
    /// What it measures.
    public var type: GoalType
    /// Name shown to the user.
    public var title: String
    /// Minutes, BPM or percent.
    public var target: Int
    /// The piece of a piece goal.
    public var sheetMusicID: String?
    /// The last instant that counts toward the goal.
    public var deadline: Timestamp?
    /// When the goal was met.
    public var completedAt: Timestamp?
    /// Creation time.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp
    /// Hash of the create request, for safe replay.
    public var createHash: String?

    /// Creates a goal.
    public init(id: String, userID: String, type: GoalType, title: String, target: Int, createdAt: Timestamp) {
        self.id = id
        self.userID = userID
        self.type = type
        self.title = title
        self.target = target
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}

/// A goal with its progress, computed from the logs.
public struct GoalStatus: Sendable, Equatable {
    /// The goal.
    public var goal: Goal
    /// Progress in the goal's unit: minutes this day or week, best BPM or best accuracy.
    public var current: Int

    /// Creates a status.
    public init(goal: Goal, current: Int) {
        self.goal = goal
        self.current = current
    }

    /// current ÷ target capped at 1; 1 once completed.
    public var progress: Double {
        goal.completedAt != nil ? 1 : min(1, Double(current) / Double(goal.target))
    }
}
