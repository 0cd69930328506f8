import Dispatch
import Domain
import Services
import Storage
import Synchronization
import Testing

@Suite("Sign-in and sessions")
struct AuthServiceTests {
    @Test("a magic link is stored hashed and its mail is queued in the same transaction")
    func requestWritesOutbox() throws {
        let test = try TestServices()
        try test.services.auth.requestMagicLink(email: "Clara@Example.com", client: "test")
        let token = try test.latestMagicToken()
        #expect(Base64URL.decode(token)?.count == 32)
        #expect(try test.count("magic_links", where: "token_hash = ?", SHA256.hex(token)) == 1)
        #expect(try test.count("magic_links", where: "token_hash = ?", token) == 0)
        #expect(try test.count("email_outbox", where: "recipient = ?", "clara@example.com") == 1)
    }

    @Test("the answer does not reveal whether an account exists")
    func noEnumeration() throws {
        let test = try TestServices()
        _ = try test.signIn("known@example.com")
        #expect(throws: Never.self) { try test.services.auth.requestMagicLink(email: "known@example.com", client: "test") }
        #expect(throws: Never.self) { try test.services.auth.requestMagicLink(email: "unknown@example.com", client: "test") }
        #expect(try test.count("email_outbox", where: "recipient = ?", "unknown@example.com") == 1)
    }

    @Test("a magic link expires after 10 minutes")
    func linkExpiry() throws {
        let test = try TestServices()
        try test.services.auth.requestMagicLink(email: "late@example.com", client: "test")
        test.clock.advance(seconds: 600)
        let error = #expect(throws: APIError.self) { try test.services.auth.verifyMagicLink(token: test.latestMagicToken()) }
        #expect(error?.code == .unauthenticated)
        #expect(try test.count("users") == 0)
    }

    @Test("a second verify within the grace window gets the same session, later it is rejected")
    func doubleClick() throws {
        let test = try TestServices()
        try test.services.auth.requestMagicLink(email: "twice@example.com", client: "test")
        let token = try test.latestMagicToken()
        let first = try test.services.auth.verifyMagicLink(token: token)
        test.clock.advance(seconds: 9)
        let again = try test.services.auth.verifyMagicLink(token: token)
        #expect(again == first, "\(again) vs \(first)")
        test.clock.advance(seconds: 1)
        #expect(throws: APIError.self) { try test.services.auth.verifyMagicLink(token: token) }
        #expect(try test.count("auth_sessions") == 1)
        #expect(try test.count("users") == 1)
    }

    @Test("first sign-in creates the user with default preferences; later ones reuse it")
    func userCreation() throws {
        let test = try TestServices()
        let first = try test.signIn("new@example.com")
        #expect(first.user.preferences == UserPreferences())
        #expect(first.user.lastLoginAt == TestDatabase.now)
        test.clock.advance(seconds: 3600)
        let second = try test.signIn("NEW@example.com")
        #expect(second.user.id == first.user.id)
        #expect(second.user.lastLoginAt == TestDatabase.now.adding(seconds: 3600))
    }

    @Test("access tokens last 15 minutes and name a live session")
    func accessTokens() throws {
        let test = try TestServices()
        let pair = try test.signIn("clock@example.com")
        #expect(pair.expiresIn == 900)
        guard case .user(let id, _) = try test.services.auth.authenticate(accessToken: pair.accessToken) else {
            Issue.record("token not accepted"); return
        }
        #expect(id == pair.user.id)
        test.clock.advance(seconds: 900 + 30)
        #expect(try test.services.auth.authenticate(accessToken: pair.accessToken) != .user(id: id, sessionID: ""))
        if case .user = try test.services.auth.authenticate(accessToken: pair.accessToken) { Issue.record("expired token accepted") }
    }

    @Test("refresh rotates; reusing a rotated token ends the whole session")
    func rotationAndReuse() throws {
        let test = try TestServices()
        let pair = try test.signIn("rotate@example.com")
        let second = try test.services.auth.refresh(token: pair.refreshToken)
        let third = try test.services.auth.refresh(token: second.refreshToken)
        #expect(Set([pair.refreshToken, second.refreshToken, third.refreshToken]).count == 3)
        test.clock.advance(seconds: 10)
        #expect(throws: APIError.self) { try test.services.auth.refresh(token: pair.refreshToken) }
        // The thief's replay revoked the family: the newest token and the access tokens die too.
        #expect(throws: APIError.self) { try test.services.auth.refresh(token: third.refreshToken) }
        if case .user = try test.services.auth.authenticate(accessToken: third.accessToken) { Issue.record("revoked session accepted") }
        #expect(try test.count("auth_sessions", where: "revoked_reason = ?", "reuse_detected") == 1)
    }

    @Test("two tabs refreshing with one token at once both get the same new pair and stay signed in")
    func concurrentRefresh() throws {
        let test = try TestServices()
        let pair = try test.signIn("tabs@example.com")
        let answers = Mutex<[Result<TokenPair, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let answer = Result { try test.services.auth.refresh(token: pair.refreshToken) }
            answers.withLock { $0.append(answer) }
        }
        let pairs = try answers.withLock { try $0.map { try $0.get() } }
        #expect(pairs.count == 2 && pairs[0] == pairs[1])
        test.clock.advance(seconds: 9)
        #expect(try test.services.auth.refresh(token: pair.refreshToken) == pairs[0])
        #expect(try test.count("auth_sessions", where: "revoked_at IS NULL") == 1)
        // The winner's new tokens work; one rotation happened, not two.
        if case .user = try test.services.auth.authenticate(accessToken: pairs[0].accessToken) {} else { Issue.record("new access token refused") }
        #expect(try test.count("refresh_tokens") == 2)
        #expect(throws: Never.self) { try test.services.auth.refresh(token: pairs[0].refreshToken) }
    }

    @Test("a rotated refresh token presented after the grace revokes the session")
    func reuseAfterGrace() throws {
        let test = try TestServices()
        let pair = try test.signIn("late-tab@example.com")
        let next = try test.services.auth.refresh(token: pair.refreshToken)
        test.clock.advance(seconds: 10)
        let error = #expect(throws: APIError.self) { try test.services.auth.refresh(token: pair.refreshToken) }
        #expect(error?.code == .unauthenticated)
        #expect(throws: APIError.self) { try test.services.auth.refresh(token: next.refreshToken) }
        #expect(try test.count("auth_sessions", where: "revoked_reason = ?", "reuse_detected") == 1)
    }

    @Test("refresh tokens expire after 30 days")
    func refreshExpiry() throws {
        let test = try TestServices()
        let pair = try test.signIn("month@example.com")
        test.clock.advance(seconds: 30 * 86_400)
        #expect(throws: APIError.self) { try test.services.auth.refresh(token: pair.refreshToken) }
    }

    @Test("logout revokes only the current session")
    func logout() throws {
        let test = try TestServices()
        let laptop = try test.signIn("two@example.com")
        let phone = try test.signIn("two@example.com")
        let viewer = try test.services.auth.authenticate(accessToken: laptop.accessToken)
        try test.services.auth.logout(viewer: viewer)
        #expect(throws: APIError.self) { try test.services.auth.refresh(token: laptop.refreshToken) }
        #expect(throws: Never.self) { try test.services.auth.refresh(token: phone.refreshToken) }
    }

    @Test("magic-link budgets limit per address and reset after the window")
    func rateLimits() throws {
        let test = try TestServices { $0.magicLinkPerEmail = RateBudget(limit: 2, windowSeconds: 60) }
        try test.services.auth.requestMagicLink(email: "r@example.com", client: "a")
        try test.services.auth.requestMagicLink(email: "r@example.com", client: "b")
        let error = #expect(throws: APIError.self) { try test.services.auth.requestMagicLink(email: "r@example.com", client: "c") }
        #expect(error?.code == .rateLimited)
        #expect(error?.extensions["retryAfter"] == .integer(60))
        #expect(try test.count("email_outbox") == 2)
        test.clock.advance(seconds: 60)
        #expect(throws: Never.self) { try test.services.auth.requestMagicLink(email: "r@example.com", client: "c") }
    }

    @Test("per-client budgets apply across addresses")
    func clientBudget() throws {
        let test = try TestServices { $0.magicLinkPerClient = RateBudget(limit: 3, windowSeconds: 3600) }
        for index in 0..<3 { try test.services.auth.requestMagicLink(email: "u\(index)@example.com", client: "10.0.0.1") }
        #expect(throws: APIError.self) { try test.services.auth.requestMagicLink(email: "u9@example.com", client: "10.0.0.1") }
        #expect(throws: Never.self) { try test.services.auth.requestMagicLink(email: "u9@example.com", client: "10.0.0.2") }
    }
}
