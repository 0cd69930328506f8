import Domain

/// SQL for practice reminders: who may want one, which local days they practised, and the
/// once-per-day claim that makes concurrent runs on any number of hosts send one mail.
public struct ReminderStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// Active users whose preferences turn reminders on, in id order. The text filter only
    /// narrows the scan; callers check the parsed preferences.
    public func candidates() throws -> [User] {
        try database.query(
            "SELECT \(UserStore.columns) FROM users WHERE is_active AND preferences LIKE ? ORDER BY id",
            [.text("%\"practiceReminders\":true%")], UserStore.user)
    }

    /// The user's distinct local practice days from `since` on, oldest first.
    public func practiceDays(userID: String, since: LocalDay) throws -> [LocalDay] {
        try database.query(
            "SELECT DISTINCT local_day FROM practice_logs WHERE user_id = ? AND local_day >= ? ORDER BY local_day",
            [.text(userID), .text(since.description)]
        ) { try $0.day("local_day") }
    }

    /// Whether the user's reminder for a local day was already claimed (a fast path: the claim
    /// itself is what guarantees one).
    public func isClaimed(userID: String, day: LocalDay) throws -> Bool {
        try database.first("SELECT 1 FROM reminders_sent WHERE user_id = ? AND day = ?", [.text(userID), .text(day.description)]) { _ in true } ?? false
    }

    /// Claims the user's reminder for a local day; true for the one caller that gets it. On
    /// PostgreSQL a second transaction inserting the same key waits for the first and then
    /// inserts nothing, so at most one claim per day commits.
    public func claim(userID: String, day: LocalDay, at instant: Timestamp) throws -> Bool {
        try database.run(
            "INSERT INTO reminders_sent (user_id, day, sent_at) VALUES (?, ?, ?) ON CONFLICT (user_id, day) DO NOTHING",
            [.text(userID), .text(day.description), .text(instant.iso8601)]) == 1
    }
}
