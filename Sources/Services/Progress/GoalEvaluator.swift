import Domain
import Storage

/// Measures goals against the logs and completes the ones that are met. Minute goals count the
/// seconds of the user's local day or ISO week (Monday to Sunday) from the day aggregate; piece
/// goals compare the best tempo or accuracy of the piece's progress. A goal counts practice from
/// the day it was created to its deadline, is completed at the first write that meets it, and
/// stays completed.
struct GoalEvaluator: Sendable {
    private let goals: GoalStore
    private let days: ProgressStore
    private let pieces: PieceProgressStore
    private let users: UserStore

    /// Creates the evaluator over a connection.
    init(database: Database, cipher: FieldCipher, random: any RandomSource) {
        goals = GoalStore(database: database)
        days = ProgressStore(database: database)
        pieces = PieceProgressStore(database: database, cipher: cipher, random: random)
        users = UserStore(database: database)
    }

    /// Progress of a goal in its unit as of the local day `today`.
    func current(of goal: Goal, on today: LocalDay) throws -> Int {
        switch goal.type {
        case .dailyMinutes:
            return try days.seconds(userID: goal.userID, from: today, through: today) / 60
        case .weeklyMinutes:
            let start = today.weekStart
            return try days.seconds(userID: goal.userID, from: start, through: start.adding(days: 6)) / 60
        case .pieceTempo, .pieceAccuracy:
            guard let pieceID = goal.sheetMusicID,
                  let progress = try pieces.find(sheetMusicIDs: [pieceID], userID: goal.userID)[pieceID] else { return 0 }
            return goal.type == .pieceTempo ? progress.bestTempo ?? 0 : Int((progress.bestAccuracy ?? 0).rounded(.down))
        }
    }

    /// Completes the user's open goals met on any of `days` or today.
    func evaluate(userID: String, days touched: Set<LocalDay>, now: Timestamp) throws {
        let open = try goals.list(userID: userID, includeCompleted: false)
        guard !open.isEmpty else { return }
        let calendar = try LocalCalendar(userID: userID, users: users)
        let today = calendar.day(of: now)
        for var goal in open where goal.deadline.map({ now <= $0 }) ?? true {
            let first = calendar.day(of: goal.createdAt)
            let last = goal.deadline.map(calendar.day(of:))
            let candidates = goal.type.isPieceGoal ? [today] : touched.union([today]).filter { day in day >= first && last.map { day <= $0 } ?? true }
            guard try candidates.contains(where: { try current(of: goal, on: $0) >= goal.target }) else { continue }
            goal.completedAt = now
            goal.updatedAt = Timestamp.stamp(now, after: goal.updatedAt)
            try goals.save(goal)
        }
    }
}
