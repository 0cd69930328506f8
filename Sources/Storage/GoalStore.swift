import Domain

/// SQL for `goals`, always scoped to one user.
public struct GoalStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    private static let columns = """
        id, user_id, goal_type, title, target, sheet_music_id, deadline, completed_at, created_at, updated_at, create_hash
        """

    /// A goal of the user by id.
    public func find(id: String, userID: String) throws -> Goal? {
        try database.first("SELECT \(Self.columns) FROM goals WHERE id = ? AND user_id = ?", [.text(id), .text(userID)], Self.goal)
    }

    /// Whether any user has a goal with this id.
    public func exists(id: String) throws -> Bool {
        try database.first("SELECT 1 FROM goals WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The user's goals, oldest first; only open ones when `includeCompleted` is false.
    public func list(userID: String, includeCompleted: Bool) throws -> [Goal] {
        try database.query(
            "SELECT \(Self.columns) FROM goals WHERE user_id = ? \(includeCompleted ? "" : "AND completed_at IS NULL") ORDER BY created_at, id",
            [.text(userID)], Self.goal)
    }

    /// Inserts or rewrites a goal.
    public func save(_ goal: Goal) throws {
        try database.run(
            """
            INSERT INTO goals (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET title = excluded.title, target = excluded.target, deadline = excluded.deadline,
              completed_at = excluded.completed_at, updated_at = excluded.updated_at
            WHERE goals.user_id = excluded.user_id
            """,
            [.text(goal.id), .text(goal.userID), .text(goal.type.rawValue), .text(goal.title), .integer(goal.target),
             .text(goal.sheetMusicID), .text(goal.deadline?.iso8601), .text(goal.completedAt?.iso8601),
             .text(goal.createdAt.iso8601), .text(goal.updatedAt.iso8601), .text(goal.createHash)])
    }

    /// Deletes a goal of the user; answers whether it existed.
    public func delete(id: String, userID: String) throws -> Bool {
        try database.run("DELETE FROM goals WHERE id = ? AND user_id = ?", [.text(id), .text(userID)]) > 0
    }

    private static func goal(_ row: Row) -> Goal {
        let zero = Timestamp(milliseconds: 0)
        var goal = Goal(
            id: row.string(0) ?? "", userID: row.string(1) ?? "", type: row.string(2).flatMap(GoalType.init(rawValue:)) ?? .dailyMinutes,
            title: row.string(3) ?? "", target: row.integer(4) ?? 1, createdAt: row.timestamp(8) ?? zero)
        goal.sheetMusicID = row.string(5)
        goal.deadline = row.timestamp(6)
        goal.completedAt = row.timestamp(7)
        goal.updatedAt = row.timestamp(9) ?? zero
        goal.createHash = row.string(10)
        return goal
    }
}
