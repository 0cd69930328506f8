import Domain
import Foundation
import Services
import Storage
import Testing

/// A read takes no write lock: the request budget is counted in a serving process's memory, and
/// stale sessions are looked for before the lock is taken.
@Suite("Reads write nothing")
struct ReadWritesTests {
    private let budget = RateBudget(limit: 3, windowSeconds: 60)

    @Test("in-memory counters are exact per window and start again when it ends")
    func countersCountWindows() throws {
        let counters = RateCounters()
        let clock = TestClock()
        let test = try TestServices()
        let limiter = RateLimiter(kv: try KVStore(path: TestDatabase.makeFolder() + "/kv.db", clock: clock), counters: counters, clock: clock)
        for _ in 0..<3 { try limiter.spend("requests", subject: "a", budget: budget, scope: .process) }
        #expect(throws: APIError.self) { try limiter.spend("requests", subject: "a", budget: budget, scope: .process) }
        // Another subject has its own count; the window's end starts a new one.
        try limiter.spend("requests", subject: "b", budget: budget, scope: .process)
        clock.advance(seconds: 61)
        try limiter.spend("requests", subject: "a", budget: budget, scope: .process)
    }

    @Test("a process-scoped budget with counters writes nothing to the KV file; a shared one does")
    func processScopeStaysInMemory() throws {
        let clock = TestClock()
        let test = try TestServices()
        let kv = try KVStore(path: TestDatabase.makeFolder() + "/kv.db", clock: clock)
        let limiter = RateLimiter(kv: kv, counters: RateCounters(), clock: clock)
        try limiter.spend("requests", subject: "a", budget: budget, scope: .process)
        #expect(try kv.count(prefix: "rl:", limit: 10) == 0)
        try limiter.spend("magic-email", subject: "a", budget: budget)
        #expect(try kv.count(prefix: "rl:", limit: 10) == 1)
        // Without counters (one process per request) even the request budget is shared.
        try RateLimiter(kv: kv, clock: clock).spend("requests", subject: "a", budget: budget, scope: .process)
        #expect(try kv.count(prefix: "rl:", limit: 10) == 2)
    }

    @Test("listing sessions takes the write lock only when one has gone stale")
    func sessionReadsWriteOnlyWhenStale() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("r@example.com").accessToken)
        let started = try test.services.sessions.start(
            viewer: viewer, .init(clientID: nil, requestHash: "s", instrument: .piano, sheetMusicID: nil, sessionType: .freePractice))
        let seen = StatementLog()
        test.database.trace { seen.append($0) }
        _ = try test.services.sessions.sessions(viewer: viewer, instrument: nil, from: nil, to: nil, page: PageRequest())
        _ = try test.services.sessions.session(viewer: viewer, id: started.id)
        #expect(seen.statements.filter { $0.hasPrefix("BEGIN") }.isEmpty, "a read of fresh sessions began a transaction")
        test.clock.advance(seconds: 7201)
        let page = try test.services.sessions.sessions(viewer: viewer, instrument: nil, from: nil, to: nil, page: PageRequest())
        #expect(page.items.first?.status == .completed)
        #expect(seen.statements.filter { $0.hasPrefix("BEGIN") }.count == 1)
        test.database.trace(nil)
    }
}

@Suite("Verified tokens")
struct VerifiedTokenTests {
    @Test("a cached signature still expires, and a revoked session is still refused")
    func cacheKeepsEveryCheck() throws {
        let cache = AuthService.VerifiedTokens(capacity: 8)
        let test = try TestServices()
        let token = try test.signIn("t@example.com").accessToken
        let auth = AuthService(
            database: test.database, settings: AuthSettings(jwtKey: Array(TestDatabase.jwtSecret.utf8), dataKey: Array(repeating: 1, count: 32)),
            limiter: test.services.limiter, clock: test.clock, random: SeededRandom(seed: 1), verifiedTokens: cache, log: { _ in })
        let viewer = try auth.authenticate(accessToken: token)
        #expect(try viewer.userID().isEmpty == false)
        #expect(cache.value(for: token) != nil, "the verified signature is kept")
        // Signed out: the session row is checked on every use, cached or not.
        try auth.logout(viewer: viewer)
        #expect(throws: APIError.self) { try auth.authenticate(accessToken: token).userID() }
        // Expired: the time is checked on every use.
        let second = try test.signIn("u@example.com").accessToken
        _ = try auth.authenticate(accessToken: second).userID()
        test.clock.advance(seconds: 3600)
        #expect(throws: APIError.self) { try auth.authenticate(accessToken: second).userID() }
    }
}
