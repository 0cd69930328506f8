import Domain

/// SQL for `goals`, always scoped to one user.
public struct GoalStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The selected columns (`goal(_:)` reads them by name).
    static let columns = """
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
        try database.query(Self.listing(userID: userID, includeCompleted: includeCompleted), Self.goal)
    }

    /// The statement of `list`.
    static func listing(userID: String, includeCompleted: Bool) -> Statement {
        Statement(
            "SELECT \(columns) FROM goals WHERE user_id = ? \(includeCompleted ? "" : "AND completed_at IS NULL") ORDER BY created_at, id",
            [.text(userID)])
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

    /// Maps a row to a goal by column name, so any SELECT of `columns` in any order maps the same.
    /// A column the SELECT lacks, NULL in a column the table declares NOT NULL, or a value outside
    /// the column's CHECK list is a `RowDecodingError`.
    static func goal(_ row: Row) throws -> Goal {
        var goal = Goal(
            id: try row.text("id"), userID: try row.text("user_id"), type: try row.choice("goal_type"), title: try row.text("title"),
            target: try row.number("target"), createdAt: try row.instant("created_at"))
        goal.sheetMusicID = try row.optionalText("sheet_music_id")
        goal.deadline = try row.optionalInstant("deadline")
        goal.completedAt = try row.optionalInstant("completed_at")
        goal.updatedAt = try row.instant("updated_at")
        goal.createHash = try row.optionalText("create_hash")
        return goal
    }
}
