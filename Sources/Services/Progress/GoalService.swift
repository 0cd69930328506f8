import Domain
import Foundation
import Storage

/// Practice goals: minutes per local day or ISO week, or a piece at a target tempo or accuracy,
/// optionally by a deadline. Progress is computed from the logs (see `GoalEvaluator`); a goal is
/// completed by the first write that meets it, including its own creation or update.
public struct GoalService: Sendable {
    /// What creating a goal needs.
    public struct Draft: Sendable {
        /// What it measures.
        public var type: GoalType
        /// Name; a description of the goal when nil.
        public var title: String?
        /// Minutes, BPM or percent.
        public var target: Int
        /// The piece of a piece goal.
        public var sheetMusicID: String?
        /// The last instant that counts.
        public var deadline: Timestamp?

        /// Creates a draft.
        public init(type: GoalType, title: String?, target: Int, sheetMusicID: String?, deadline: Timestamp?) {
            self.type = type
            self.title = title
            self.target = target
            self.sheetMusicID = sheetMusicID
            self.deadline = deadline
        }
    }

    /// Longest title, in characters.
    public static let maxTitle = 200

    private let database: Database
    private let goals: GoalStore
    private let pieces: SheetMusicStore
    private let users: UserStore
    private let evaluator: GoalEvaluator
    private let days: ProgressStore
    private let clock: any Clock
    private let random: any RandomSource

    /// Creates the service.
    public init(database: Database, clock: any Clock, random: any RandomSource) {
        self.database = database
        goals = GoalStore(database: database)
        pieces = SheetMusicStore(database: database)
        users = UserStore(database: database)
        evaluator = GoalEvaluator(database: database)
        days = ProgressStore(database: database)
        self.clock = clock
        self.random = random
    }

    /// The signed-in user's goals with their progress, oldest first.
    public func goals(viewer: Viewer, includeCompleted: Bool) throws -> [GoalStatus] {
        let userID = try viewer.userID()
        return try statuses(of: goals.list(userID: userID, includeCompleted: includeCompleted), userID: userID)
    }

    /// Creates a goal; a replay with the same client id and content returns the stored one.
    public func create(viewer: Viewer, clientID: String?, requestHash: String, draft: Draft) throws -> GoalStatus {
        let userID = try viewer.userID()
        try PracticeRules.checkClientID(clientID)
        return try database.transaction(lockingUsers: [userID]) { _ in
            let now = clock.now()
            if let stored = try PracticeRules.replay(
                clientID: clientID, requestHash: requestHash, find: { try goals.find(id: $0, userID: userID) },
                hash: \.createHash, exists: goals.exists(id:)
            ) { return try status(of: stored, userID: userID) }
            try checkTarget(draft.target, type: draft.type)
            try checkDeadline(draft.deadline, now: now)
            if draft.type.isPieceGoal {
                guard let pieceID = draft.sheetMusicID else {
                    throw APIError.invalid("sheetMusicId", "sheetMusicId is required for a piece goal.")
                }
                guard try pieces.find(id: pieceID, visibleTo: userID) != nil else { throw APIError(.notFound, "There is no sheet music with this id.") }
            } else if draft.sheetMusicID != nil {
                throw APIError.invalid("sheetMusicId", "sheetMusicId is only for piece goals.")
            }
            var goal = Goal(
                id: clientID ?? Nanoid.make(using: random), userID: userID, type: draft.type,
                title: try title(draft.title) ?? Self.describe(draft), target: draft.target, createdAt: now)
            goal.sheetMusicID = draft.sheetMusicID
            goal.deadline = draft.deadline
            goal.createHash = requestHash
            try goals.save(goal)
            // A new or changed goal is measured on every practised day it spans, as a rebuild does.
            try evaluator.evaluate(userID: userID, days: Set(days.practiceDays(userID: userID)), now: now)
            return try status(of: goals.find(id: goal.id, userID: userID) ?? goal, userID: userID)
        }
    }

    /// Changes a goal's title, target or deadline (null clears it); a completed goal stays completed.
    public func update(viewer: Viewer, id: String, title: String?, target: Int?, deadline: FieldChange<Timestamp>) throws -> GoalStatus {
        let userID = try viewer.userID()
        return try database.transaction(lockingUsers: [userID]) { _ in
            let now = clock.now()
            guard var goal = try goals.find(id: id, userID: userID) else { throw APIError(.notFound, "There is no goal with this id.") }
            if let title { goal.title = try self.title(title) ?? goal.title }
            if let target {
                try checkTarget(target, type: goal.type)
                goal.target = target
            }
            if case .set(let deadline) = deadline { try checkDeadline(deadline, now: now) }
            goal.deadline = deadline.applied(to: goal.deadline)
            goal.updatedAt = Timestamp.stamp(now, after: goal.updatedAt)
            try goals.save(goal)
            // A new or changed goal is measured on every practised day it spans, as a rebuild does.
            try evaluator.evaluate(userID: userID, days: Set(days.practiceDays(userID: userID)), now: now)
            return try status(of: goals.find(id: id, userID: userID) ?? goal, userID: userID)
        }
    }

    /// Deletes a goal of the user.
    public func delete(viewer: Viewer, id: String) throws {
        guard try goals.delete(id: id, userID: viewer.userID()) else { throw APIError(.notFound, "There is no goal with this id.") }
    }

    private func status(of goal: Goal, userID: String) throws -> GoalStatus {
        try statuses(of: [goal], userID: userID).first ?? GoalStatus(goal: goal, current: 0)
    }

    /// Goals with their progress as of the user's local today.
    private func statuses(of goals: [Goal], userID: String) throws -> [GoalStatus] {
        let calendar = try LocalCalendar(userID: userID, users: users)
        let today = calendar.day(of: clock.now())
        return try goals.map { GoalStatus(goal: $0, current: try evaluator.current(of: $0, on: today, calendar: calendar)) }
    }

    private func title(_ text: String?) throws -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Counted in code points, as the table's CHECK counts them; control characters (NUL
        // included, where SQLite's length() stops) are not part of a title.
        guard (1...Self.maxTitle).contains(trimmed.unicodeScalars.count),
              !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.invalid("title", "title must be 1 to \(Self.maxTitle) characters, without control characters.")
        }
        return trimmed
    }

    private func checkTarget(_ target: Int, type: GoalType) throws {
        guard (1...type.maximumTarget).contains(target) else {
            throw APIError.invalid("target", "target must be between 1 and \(type.maximumTarget) for a \(type.name) goal.")
        }
    }

    private func checkDeadline(_ deadline: Timestamp?, now: Timestamp) throws {
        if let deadline, deadline <= now { throw APIError.invalid("deadline", "deadline must be in the future.") }
    }

    /// The default title: what the goal asks for.
    static func describe(_ draft: Draft) -> String {
        switch draft.type {
        case .dailyMinutes: "Practise \(draft.target) minutes a day"
        case .weeklyMinutes: "Practise \(draft.target) minutes a week"
        case .pieceTempo: "Play a piece at \(draft.target) BPM"
        case .pieceAccuracy: "Play a piece with \(draft.target) % accuracy"
        }
    }
}
