import Domain
import Storage

/// Sign-in by magic link, access and refresh tokens, sessions and sign-out.
public struct AuthService: Sendable {
    private let database: Database
    private let users: UserStore
    private let store: AuthStore
    private let outbox: OutboxStore
    private let settings: AuthSettings
    private let limiter: RateLimiter
    private let clock: any Clock
    private let random: any RandomSource
    private let cipher: FieldCipher
    private let log: @Sendable (String) -> Void
    private let verifiedTokens: VerifiedTokens?

    /// Tokens whose signature a process has verified, by their text: a client sends the same
    /// token with every request until it expires, and checking the signature again (two base64
    /// decodes, two JSON parses, an HMAC) was a quarter of a cheap request.
    public typealias VerifiedTokens = LRUCache<String, VerifiedToken>

    /// Creates the service; `verifiedTokens` is the process's cache of verified signatures.
    public init(
        database: Database, settings: AuthSettings, limiter: RateLimiter, clock: any Clock, random: any RandomSource,
        verifiedTokens: VerifiedTokens? = nil, log: @escaping @Sendable (String) -> Void
    ) {
        self.verifiedTokens = verifiedTokens
        self.database = database
        users = UserStore(database: database)
        store = AuthStore(database: database)
        self.settings = settings
        self.limiter = limiter
        self.clock = clock
        self.random = random
        cipher = FieldCipher(key: settings.dataKey, random: random)
        // The outbox's nonces come from the system's generator, not `random`: sealing a body must
        // not move the seeded stream that makes tests' ids and tokens reproducible.
        outbox = OutboxStore(database: database, cipher: FieldCipher(key: settings.dataKey, random: CryptoRandom()))
        self.log = log
    }

    /// Queues a sign-in link for an address. Answers the same whether or not it has an account.
    public func requestMagicLink(email text: String, client: String) throws {
        let email = try EmailAddress(text)
        try limiter.spend("magic-client", subject: client, budget: settings.magicLinkPerClient)
        try limiter.spend("magic-email", subject: email.value, budget: settings.magicLinkPerEmail)
        let token = Base64URL.encode(random.bytes(32))
        let now = clock.now()
        let link = settings.publicURL + "/auth/verify?token=" + token
        // No user yet, and nothing to order: each statement decides alone (READ COMMITTED).
        try database.transaction(lockingUsers: []) { _ in
            try store.sweepMagicLinks(now: now)
            try outbox.expire(at: now, linksQueuedBefore: now.adding(seconds: -settings.magicLinkSeconds))
            try store.insertMagicLink(
                hash: SHA256.hex(token), email: email.value, createdAt: now,
                expiresAt: now.adding(seconds: settings.magicLinkSeconds))
            try outbox.enqueue(
                id: Nanoid.make(using: random), recipient: email.value, subject: "Your Mirubato sign-in link",
                body: """
                    Open this link to sign in to Mirubato:

                    \(link)

                    It works once, for \(settings.magicLinkSeconds / 60) minutes. If you did not ask to sign in, ignore this message.
                    """,
                at: now)
        }
        if settings.logMagicLinks { log("magic link for \(email.value): \(link)") }
    }

    /// Exchanges a magic-link token for a session. A repeat within the grace window answers the
    /// same tokens; afterwards, or for an unknown or expired token, it is `UNAUTHENTICATED`.
    public func verifyMagicLink(token: String) throws -> TokenPair {
        let invalid = APIError(.unauthenticated, "This sign-in link is invalid, expired or already used.")
        guard token.utf8.count <= 256 else { throw invalid }
        let hash = SHA256.hex(token)
        let now = clock.now()
        // SERIALIZABLE: two links to a new address followed at once must make one account, not
        // meet on the unique email (neither finds the other's user), and no user exists to lock.
        return try database.transaction { _ in
            guard let link = try store.magicLink(hash: hash) else { throw invalid }
            if link.usedAt != nil {
                guard let payload = link.gracePayload, let until = link.graceUntil, now < until else { throw invalid }
                return try replay(payload)
            }
            guard now < link.expiresAt else { throw invalid }
            let user: User
            if var existing = try users.find(email: link.email) {
                existing.lastLoginAt = now
                existing.updatedAt = Timestamp.stamp(now, after: existing.updatedAt)
                try users.update(existing)
                user = existing
            } else {
                user = User(id: Nanoid.make(using: random), email: link.email, createdAt: now, updatedAt: now, lastLoginAt: now)
                try users.insert(user)
            }
            let sessionID = Nanoid.make(using: random)
            try store.insertSession(id: sessionID, userID: user.id, at: now)
            let pair = try issue(user: user, sessionID: sessionID, at: now)
            guard try store.useMagicLink(
                hash: hash, at: now, gracePayload: seal(pair, column: Self.magicLinkGraceColumn),
                graceUntil: now.adding(seconds: settings.magicLinkGraceSeconds))
            else { throw invalid }
            return pair
        }
    }

    /// Rotates a refresh token. A repeat within the grace window (two tabs refreshing at once)
    /// answers the same new pair; presenting it again after that revokes its whole session.
    public func refresh(token: String) throws -> TokenPair {
        let invalid = APIError(.unauthenticated, "This refresh token is invalid or expired; sign in again.")
        guard token.utf8.count <= 256 else { throw invalid }
        let hash = SHA256.hex(token)
        let now = clock.now()
        // The revocation on reuse must be committed even though the request fails.
        // READ COMMITTED is enough: the rotation is a conditional UPDATE whose count is checked, so
        // of two refreshes of one token the second waits for the first's row and finds it rotated.
        let outcome: Result<TokenPair, APIError> = try database.transaction(lockingUsers: []) { _ in
            guard let record = try store.refreshToken(hash: hash), !record.sessionRevoked else { return .failure(invalid) }
            if record.rotatedAt != nil {
                if let payload = record.gracePayload, let until = record.graceUntil, now < until,
                   let pair = try? replay(payload, column: Self.refreshGraceColumn) {
                    return .success(pair)
                }
                try store.revokeSession(id: record.sessionID, reason: "reuse_detected", at: now)
                return .failure(APIError(.unauthenticated, "This refresh token was already used; the session has been ended for safety. Sign in again."))
            }
            guard now < record.expiresAt, let user = try users.find(id: record.userID) else { return .failure(invalid) }
            let pair = try issue(user: user, sessionID: record.sessionID, at: now)
            guard try store.rotateRefreshToken(
                hash: hash, at: now, gracePayload: seal(pair, column: Self.refreshGraceColumn),
                graceUntil: now.adding(seconds: settings.refreshGraceSeconds))
            else { throw invalid } // another request rotated it first: roll back the pair issued here
            return .success(pair)
        }
        return try outcome.get()
    }

    /// Ends the signed-in session: its refresh tokens and access tokens stop working.
    public func logout(viewer: Viewer) throws {
        guard case .user(_, let sessionID) = viewer else {
            _ = try viewer.userID()
            return
        }
        try store.revokeSession(id: sessionID, reason: "logout", at: clock.now())
    }

    /// Who a bearer token belongs to: a live session's user, or the reason it is rejected.
    public func authenticate(accessToken: String) throws -> Viewer {
        let rejected = Viewer.rejected(APIError(.unauthenticated, "The access token is invalid or expired."))
        let cached = verifiedTokens?.value(for: accessToken)
        guard let verified = cached ?? (try? AccessToken.verifySignature(accessToken, key: settings.jwtKey)),
              (try? verified.check(at: clock.now().seconds)) != nil
        else { return rejected }
        if cached == nil { verifiedTokens?.insert(verified, for: accessToken) }
        let claims = verified.claims
        guard try store.isSessionLive(id: claims.sessionID, userID: claims.userID) else {
            return .rejected(APIError(.unauthenticated, "This session has ended; sign in again."))
        }
        return .user(id: claims.userID, sessionID: claims.sessionID)
    }

    private func issue(user: User, sessionID: String, at now: Timestamp) throws -> TokenPair {
        let refreshToken = Base64URL.encode(random.bytes(32))
        try store.insertRefreshToken(
            hash: SHA256.hex(refreshToken), sessionID: sessionID, userID: user.id, createdAt: now,
            expiresAt: now.adding(seconds: settings.refreshTokenSeconds))
        let claims = AccessToken(
            userID: user.id, sessionID: sessionID, issuedAt: now.seconds,
            expiresAt: now.seconds + settings.accessTokenSeconds, tokenID: Nanoid.make(using: random))
        return TokenPair(
            accessToken: claims.signed(key: settings.jwtKey), refreshToken: refreshToken,
            expiresIn: Int(settings.accessTokenSeconds), user: user)
    }

    private static let magicLinkGraceColumn = "magic_links.grace_payload"
    private static let refreshGraceColumn = "refresh_tokens.grace_payload"

    /// A pair sealed for a grace window: what a repeat of the same request answers.
    private func seal(_ pair: TokenPair, column: String) -> String {
        cipher.seal(JSONWriter.string(.object([
            "accessToken": .string(pair.accessToken), "refreshToken": .string(pair.refreshToken),
            "userId": .string(pair.user.id), "expiresIn": .integer(Int64(pair.expiresIn)),
        ])), column: column)
    }

    private func replay(_ sealed: String, column: String = magicLinkGraceColumn) throws -> TokenPair {
        guard let text = try? cipher.open(sealed, column: column),
              let json = try? JSONParser.parse(text),
              let access = json["accessToken"]?.stringValue, let refresh = json["refreshToken"]?.stringValue,
              let userID = json["userId"]?.stringValue, let expiresIn = json["expiresIn"]?.integerValue,
              let user = try users.find(id: userID)
        else { throw APIError(.unauthenticated, "This sign-in link is invalid, expired or already used.") }
        return TokenPair(accessToken: access, refreshToken: refresh, expiresIn: Int(expiresIn), user: user)
    }
}
