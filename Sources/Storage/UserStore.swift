import Domain

/// SQL for the `users` table.
public struct UserStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The selected columns (`user(_:)` reads them by name).
    static let columns = """
        id, email, display_name, avatar_url, primary_instrument, skill_level, preferences,
        created_at, updated_at, last_login_at
        """

    /// An active user by id.
    public func find(id: String) throws -> User? {
        try database.first("SELECT \(Self.columns) FROM users WHERE id = ? AND is_active", [.text(id)], Self.user)
    }

    /// Active users by id, keyed by id.
    public func find(ids: [String]) throws -> [String: User] {
        guard !ids.isEmpty else { return [:] }
        let users = try database.query(
            "SELECT \(Self.columns) FROM users WHERE is_active AND id IN (SELECT value FROM json_each(?))",
            [.list(ids)], Self.user)
        return Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// What a user's practice is counted by: their primary instrument (the default of a new log)
    /// and time zone (which local day a log falls on); nil for an unknown or inactive user. Two
    /// columns rather than the whole user, as every log write and every calendar reads it.
    public func practiceDefaults(id: String) throws -> (instrument: Instrument, timeZone: String)? {
        try database.first("SELECT primary_instrument, preferences FROM users WHERE id = ? AND is_active", [.text(id)]) {
            (try $0.optionalChoice("primary_instrument") ?? .piano, UserPreferences.timeZone(ofStored: try $0.optionalText("preferences")))
        }
    }

    /// An active user by id with their progress revision (0 before their first log), in one
    /// statement: what every cached progress read needs before it can look in the cache.
    public func findWithProgressRevision(id: String) throws -> (user: User, revision: Int)? {
        let columns = Self.columns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
        return try database.first(
            """
            SELECT \(columns), coalesce(r.revision, 0) AS progress_revision
            FROM users u LEFT JOIN progress_revisions r ON r.user_id = u.id WHERE u.id = ? AND u.is_active
            """,
            [.text(id)]) { (try Self.user($0), try $0.number("progress_revision")) }
    }

    /// An active user by normalised e-mail address.
    public func find(email: String) throws -> User? {
        try database.first("SELECT \(Self.columns) FROM users WHERE email = ? AND is_active", [.text(email)], Self.user)
    }

    /// Inserts a new user.
    public func insert(_ user: User) throws {
        try database.run(
            """
            INSERT INTO users (id, email, display_name, avatar_url, primary_instrument, skill_level, preferences,
              created_at, updated_at, last_login_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.values(user))
    }

    /// Writes every profile column of an existing user.
    public func update(_ user: User) throws {
        let values = Self.values(user)
        try database.run(
            """
            UPDATE users SET email = ?, display_name = ?, avatar_url = ?, primary_instrument = ?, skill_level = ?,
              preferences = ?, created_at = ?, updated_at = ?, last_login_at = ?
            WHERE id = ?
            """, Array(values.dropFirst()) + [values[0]])
    }

    /// Deletes a user; every row that references them goes with them (ON DELETE CASCADE).
    @discardableResult
    public func delete(id: String) throws -> Bool {
        try database.run("DELETE FROM users WHERE id = ?", [.text(id)]) > 0
    }

    private static func values(_ user: User) -> [SQLValue] {
        [.text(user.id), .text(user.email), .text(user.displayName), .text(user.avatarURL),
         .text(user.primaryInstrument.rawValue), .text(user.skillLevel?.rawValue),
         .text(JSONWriter.string(user.preferences.json)), .text(user.createdAt.iso8601),
         .text(user.updatedAt.iso8601), .text(user.lastLoginAt?.iso8601)]
    }

    /// Maps a row to a user by column name, so any SELECT of `columns` in any order maps the same.
    /// A column the SELECT lacks, NULL in a column the table declares NOT NULL, or a value outside
    /// the column's CHECK list is a `RowDecodingError`; the nullable columns the user needs a value
    /// for say their default here, once.
    static func user(_ row: Row) throws -> User {
        User(
            id: try row.text("id"), email: try row.text("email"), displayName: try row.optionalText("display_name"),
            avatarURL: try row.optionalText("avatar_url"),
            // The table allows no instrument (rows the app did not write); `User`'s default stands in.
            primaryInstrument: try row.optionalChoice("primary_instrument") ?? .piano,
            skillLevel: try row.optionalChoice("skill_level"),
            // No stored preferences are the defaults.
            preferences: UserPreferences(json: try row.optionalText("preferences").flatMap { try? JSONParser.parse($0) }),
            createdAt: try row.instant("created_at"), updatedAt: try row.instant("updated_at"),
            lastLoginAt: try row.optionalInstant("last_login_at"))
    }
}
