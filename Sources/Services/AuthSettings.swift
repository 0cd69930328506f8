import Domain

/// Keys, lifetimes and budgets of sign-in, as configured for the process.
public struct AuthSettings: Sendable {
    /// HMAC key of access tokens (at least 32 bytes).
    public var jwtKey: [UInt8]
    /// AES-256 key for sensitive text at rest (32 bytes).
    public var dataKey: [UInt8]
    /// Base URL that magic links point to.
    public var publicURL = "http://127.0.0.1:8080"
    /// Access-token lifetime in seconds (15 minutes).
    public var accessTokenSeconds: Int64 = 900
    /// Refresh-token lifetime in seconds (30 days).
    public var refreshTokenSeconds: Int64 = 30 * 86_400
    /// Magic-link lifetime in seconds (10 minutes).
    public var magicLinkSeconds: Int64 = 600
    /// How long a used magic link still answers with the same session (a browser's double request).
    public var magicLinkGraceSeconds: Int64 = 10
    /// How long a rotated refresh token answers the same new pair (tabs refreshing at once).
    public var refreshGraceSeconds: Int64 = 10
    /// Whether magic links are also printed to stderr (`MIRUBATO_MAIL=log`, for local use).
    public var logMagicLinks = false
    /// Magic-link requests per address and window.
    public var magicLinkPerEmail = RateBudget(limit: 5, windowSeconds: 3600)
    /// Magic-link requests per client address and window.
    public var magicLinkPerClient = RateBudget(limit: 20, windowSeconds: 3600)
    /// Teacher-invite codes tried per account and window, right or wrong: with 50-bit codes, guessing
    /// one is hopeless at this rate.
    public var inviteCodePerAccount = RateBudget(limit: 10, windowSeconds: 3600)
    /// Teacher-invite codes tried per client address and window (many accounts, one address).
    public var inviteCodePerClient = RateBudget(limit: 30, windowSeconds: 3600)
    /// Teacher invites a student makes per window (each may send a mail).
    public var invitesPerStudent = RateBudget(limit: 20, windowSeconds: 86400)
    /// Other operations per user (or client address when signed out) and window.
    public var requests = RateBudget(limit: 600, windowSeconds: 60)

    /// Creates settings with the two keys and default lifetimes and budgets.
    public init(jwtKey: [UInt8], dataKey: [UInt8]) {
        self.jwtKey = jwtKey
        self.dataKey = dataKey
    }
}

/// A number of operations allowed per fixed window.
public struct RateBudget: Sendable, Equatable {
    /// Operations allowed per window.
    public var limit: Int
    /// Window length in seconds.
    public var windowSeconds: Int

    /// Creates a budget.
    public init(limit: Int, windowSeconds: Int) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Parses `LIMIT/SECONDS`, such as `5/3600`.
    public init?(text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let limit = Int(parts[0]), let seconds = Int(parts[1]), limit >= 1, seconds >= 1 else { return nil }
        self.init(limit: limit, windowSeconds: seconds)
    }
}
