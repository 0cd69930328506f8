import Domain

/// SQL for `calendar_feeds` (one private feed per user) and the logs a feed shows as past practice.
public struct CalendarFeedStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// A user's feed: its sealed token and when it was made.
    public struct Feed: Sendable, Equatable {
        /// The token, sealed under the data key.
        public let sealedToken: String
        /// When this token was made.
        public let createdAt: Timestamp
    }

    /// One past log as a calendar entry.
    public struct PastLog: Sendable, Equatable {
        /// The log's id.
        public let id: String
        /// When it started.
        public let startedAt: Timestamp
        /// Seconds practised.
        public let seconds: Int?
        /// What was practised, as the log names it.
        public let title: String?
        /// The composer, if named.
        public let composer: String?
        /// The kind of work.
        public let activity: ActivityType
    }

    /// Gives the user a feed with this token, replacing any earlier one.
    public func save(userID: String, tokenHash: String, sealedToken: String, at instant: Timestamp) throws {
        try database.run(
            """
            INSERT INTO calendar_feeds (user_id, token_hash, token, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, token = excluded.token, created_at = excluded.created_at
            """,
            [.text(userID), .text(tokenHash), .text(sealedToken), .text(instant.iso8601)])
    }

    /// The user's feed, if on.
    public func feed(userID: String) throws -> Feed? {
        try database.first("SELECT token, created_at FROM calendar_feeds WHERE user_id = ?", [.text(userID)]) {
            Feed(sealedToken: try $0.text("token"), createdAt: try $0.instant("created_at"))
        }
    }

    /// The active user whose feed has this token hash.
    public func userID(tokenHash: String) throws -> String? {
        try database.first(
            "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = ? AND u.is_active",
            [.text(tokenHash)]) { try $0.text("user_id") }
    }

    /// Turns the user's feed off; answers whether it was on.
    public func delete(userID: String) throws -> Bool {
        try database.run("DELETE FROM calendar_feeds WHERE user_id = ?", [.text(userID)]) > 0
    }

    /// The user's logs started at or after `since`, oldest first, at most `limit`.
    public func pastLogs(userID: String, since: Timestamp, limit: Int) throws -> [PastLog] {
        try database.query(
            """
            SELECT id, start_time, duration_seconds, work_title, composer, activity_type FROM practice_logs
            WHERE user_id = ? AND start_time >= ? ORDER BY start_time, id LIMIT ?
            """,
            [.text(userID), .text(since.iso8601), .integer(limit)]
        ) { row in
            PastLog(
                id: try row.text("id"), startedAt: try row.instant("start_time"), seconds: try row.optionalNumber("duration_seconds"),
                title: try row.optionalText("work_title"), composer: try row.optionalText("composer"), activity: try row.choice("activity_type"))
        }
    }
}
