import Domain
import Storage

/// Measures goals against the logs and completes the ones that are met. A goal counts practice
/// from the local day it was created through its deadline's day. Minute goals count the seconds
/// of one local day or ISO week (Monday to Sunday) from the day aggregate; piece goals take the
/// best tempo or accuracy (rounded down) of the piece's logs in that span. A goal is completed at
/// the first write that meets it and stays completed.
struct GoalEvaluator: Sendable {
    private let goals: GoalStore
    private let days: ProgressStore
    private let users: UserStore

    /// Creates the evaluator over a connection.
    init(database: Database) {
        goals = GoalStore(database: database)
        days = ProgressStore(database: database)
        users = UserStore(database: database)
    }

    /// Progress of a goal in its unit as of the local day `today`.
    func current(of goal: Goal, on today: LocalDay, calendar: LocalCalendar) throws -> Int {
        let first = calendar.day(of: goal.createdAt)
        let last = goal.deadline.map(calendar.day(of:))
        switch goal.type {
        case .dailyMinutes:
            return try minutes(goal, from: today, through: today, first: first, last: last)
        case .weeklyMinutes:
            let start = today.weekStart
            return try minutes(goal, from: start, through: start.adding(days: 6), first: first, last: last)
        case .pieceTempo, .pieceAccuracy:
            guard let pieceID = goal.sheetMusicID else { return 0 }
            let best = try days.best(sheetMusicID: pieceID, userID: goal.userID, from: first, through: min(today, last ?? today))
            return goal.type == .pieceTempo ? best.tempo ?? 0 : Int((best.accuracy ?? 0).rounded(.down))
        }
    }

    /// Completes the user's open goals met on any of `days` or today.
    func evaluate(userID: String, days touched: Set<LocalDay>, now: Timestamp) throws {
        let open = try goals.list(userID: userID, includeCompleted: false)
        guard !open.isEmpty else { return }
        let calendar = try LocalCalendar(userID: userID, users: users)
        let today = calendar.day(of: now)
        for var goal in open where goal.deadline.map({ now <= $0 }) ?? true {
            let candidates = goal.type.isPieceGoal ? [today] : touched.union([today]).sorted()
            guard try candidates.contains(where: { try current(of: goal, on: $0, calendar: calendar) >= goal.target }) else { continue }
            goal.completedAt = now
            goal.updatedAt = Timestamp.stamp(now, after: goal.updatedAt)
            try goals.save(goal)
        }
    }

    /// Minutes of the days from `start` to `end` that fall within the goal's span.
    private func minutes(_ goal: Goal, from start: LocalDay, through end: LocalDay, first: LocalDay, last: LocalDay?) throws -> Int {
        let from = max(start, first)
        let through = min(end, last ?? end)
        guard from <= through else { return 0 }
        return try days.seconds(userID: goal.userID, from: from, through: through) / 60
    }
}
