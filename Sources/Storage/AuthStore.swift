import Domain

/// SQL for magic links, sign-in sessions and refresh tokens. Tokens arrive here already hashed.
public struct AuthStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// A stored magic link.
    public struct MagicLink: Sendable, Equatable {
        /// The normalised address it was sent to.
        public let email: String
        /// When it stops working.
        public let expiresAt: Timestamp
        /// When it was used, if it was.
        public let usedAt: Timestamp?
        /// The encrypted tokens of its first use, while the grace window lasts.
        public let gracePayload: String?
        /// End of the grace window.
        public let graceUntil: Timestamp?
    }

    /// Saves a new magic link.
    public func insertMagicLink(hash: String, email: String, createdAt: Timestamp, expiresAt: Timestamp) throws {
        try database.run(
            "INSERT INTO magic_links (token_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [.text(hash), .text(email), .text(createdAt.iso8601), .text(expiresAt.iso8601)])
    }

    /// A magic link by token hash.
    public func magicLink(hash: String) throws -> MagicLink? {
        try database.first("SELECT \(Self.linkColumns) FROM magic_links WHERE token_hash = ?", [.text(hash)], Self.link)
    }

    /// The selected columns of a magic link (`link(_:)` reads them by name).
    static let linkColumns = "email, expires_at, used_at, grace_payload, grace_until"

    /// Maps a row of `linkColumns` to a magic link by column name. A column the SELECT lacks, or
    /// NULL in a column the table declares NOT NULL, is a `RowDecodingError`.
    static func link(_ row: Row) throws -> MagicLink {
        MagicLink(
            email: try row.text("email"), expiresAt: try row.instant("expires_at"), usedAt: try row.optionalInstant("used_at"),
            gracePayload: try row.optionalText("grace_payload"), graceUntil: try row.optionalInstant("grace_until"))
    }

    /// Marks a link used and keeps its encrypted tokens until `graceUntil`; answers false when it
    /// was already used (a concurrent verify won).
    public func useMagicLink(hash: String, at instant: Timestamp, gracePayload: String, graceUntil: Timestamp) throws -> Bool {
        try database.run(
            "UPDATE magic_links SET used_at = ?, grace_payload = ?, grace_until = ? WHERE token_hash = ? AND used_at IS NULL",
            [.text(instant.iso8601), .text(gracePayload), .text(graceUntil.iso8601), .text(hash)]) == 1
    }

    /// Forgets grace payloads whose window has passed and links expired for a day.
    public func sweepMagicLinks(now: Timestamp) throws {
        try database.run(
            "UPDATE magic_links SET grace_payload = NULL, grace_until = NULL WHERE grace_until IS NOT NULL AND grace_until <= ?",
            [.text(now.iso8601)])
        try database.run("DELETE FROM magic_links WHERE expires_at <= ?", [.text(now.adding(seconds: -86_400).iso8601)])
    }

    /// Magic links sent to an address, for rate limits and account deletion.
    public func deleteMagicLinks(email: String) throws {
        try database.run("DELETE FROM magic_links WHERE email = ?", [.text(email)])
    }

    /// Starts a sign-in session.
    public func insertSession(id: String, userID: String, at instant: Timestamp) throws {
        try database.run(
            "INSERT INTO auth_sessions (id, user_id, created_at, last_used_at) VALUES (?, ?, ?, ?)",
            [.text(id), .text(userID), .text(instant.iso8601), .text(instant.iso8601)])
    }

    /// Whether a session exists for the user and is not revoked.
    public func isSessionLive(id: String, userID: String) throws -> Bool {
        try database.first(
            "SELECT 1 FROM auth_sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL", [.text(id), .text(userID)]
        ) { _ in true } ?? false
    }

    /// Revokes a session (its refresh tokens and access tokens stop working).
    public func revokeSession(id: String, reason: String, at instant: Timestamp) throws {
        try database.run(
            "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL",
            [.text(instant.iso8601), .text(reason), .text(id)])
    }

    /// Saves a refresh token of a session.
    public func insertRefreshToken(hash: String, sessionID: String, userID: String, createdAt: Timestamp, expiresAt: Timestamp) throws {
        try database.run(
            "INSERT INTO refresh_tokens (token_hash, session_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            [.text(hash), .text(sessionID), .text(userID), .text(createdAt.iso8601), .text(expiresAt.iso8601)])
        try database.run("UPDATE auth_sessions SET last_used_at = ? WHERE id = ?", [.text(createdAt.iso8601), .text(sessionID)])
    }

    /// A stored refresh token with its session's state.
    public struct RefreshToken: Sendable {
        /// Its session.
        public let sessionID: String
        /// Its user.
        public let userID: String
        /// When it stops working.
        public let expiresAt: Timestamp
        /// When it was exchanged for a newer one, if it was.
        public let rotatedAt: Timestamp?
        /// Whether its session was revoked.
        public let sessionRevoked: Bool
        /// The sealed answer of its rotation, kept until `graceUntil`.
        public let gracePayload: String?
        /// Until when a repeat of the rotation answers the same pair.
        public let graceUntil: Timestamp?
    }

    /// A refresh token by hash.
    public func refreshToken(hash: String) throws -> RefreshToken? {
        try database.first(
            """
            SELECT t.session_id AS session_id, t.user_id AS user_id, t.expires_at AS expires_at, t.rotated_at AS rotated_at,
              s.revoked_at IS NOT NULL AS session_revoked, t.grace_payload AS grace_payload, t.grace_until AS grace_until
            FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id WHERE t.token_hash = ?
            """, [.text(hash)]
        ) { row in
            RefreshToken(
                sessionID: try row.text("session_id"), userID: try row.text("user_id"), expiresAt: try row.instant("expires_at"),
                rotatedAt: try row.optionalInstant("rotated_at"), sessionRevoked: try row.flag("session_revoked"),
                gracePayload: try row.optionalText("grace_payload"), graceUntil: try row.optionalInstant("grace_until"))
        }
    }

    /// Marks a refresh token rotated, keeping the sealed answer until `graceUntil`; answers false
    /// when another request rotated it first. Expired answers of other tokens are cleared.
    public func rotateRefreshToken(hash: String, at instant: Timestamp, gracePayload: String, graceUntil: Timestamp) throws -> Bool {
        try database.run(
            "UPDATE refresh_tokens SET grace_payload = NULL, grace_until = NULL WHERE grace_until IS NOT NULL AND grace_until <= ?",
            [.text(instant.iso8601)])
        return try database.run(
            "UPDATE refresh_tokens SET rotated_at = ?, grace_payload = ?, grace_until = ? WHERE token_hash = ? AND rotated_at IS NULL",
            [.text(instant.iso8601), .text(gracePayload), .text(graceUntil.iso8601), .text(hash)]) == 1
    }
}
