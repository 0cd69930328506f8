import Domain
import Dispatch
@testable import Endpoint
import Foundation
import Storage
import Synchronization
import Testing

/// Subscriptions across hosts on PostgreSQL: a subscriber on one host hears of a write made on
/// another within a second, and its stream does not poll the database while it waits.
@Suite("Events across hosts", .enabled(if: TestDatabase.usesPostgres, "needs PostgreSQL"))
struct CrossHostEventsTests {
    /// Two endpoints over one fresh database, as two hosts' handlers are.
    private static func twoHosts() throws -> (Endpoint, Endpoint) {
        let paths = try TestDatabase.freshCopy()
        let environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
        return (try Endpoint(configuration: Configuration(environment: environment), log: Log(isEnabled: false)),
                try Endpoint(configuration: Configuration(environment: environment), log: Log(isEnabled: false)))
    }

    @Test("a write on host B reaches host A's subscriber, and A sends no query while idle")
    func acrossHosts() async throws {
        let (hostA, hostB) = try Self.twoHosts()
        let access = try #require(try await hostB.signInThroughOutbox(email: "two-hosts@example.com"))
        guard case .stream(let stream) = await hostA.subscribe(
            toBody: Array(#"{"query":"subscription { achievementUnlocked { id unlocked } }"}"#.utf8),
            headers: ["authorization": "Bearer \(access)"], clientAddress: "test")
        else { Issue.record("the subscription was refused"); return }
        // Idle: the stream waits for a signal; the host's connection runs nothing meanwhile.
        let statements = Mutex<[String]>([])
        hostA.database.trace { sql in statements.withLock { $0.append(sql) } }
        async let first = stream.next()
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let idleStatements = statements.withLock { $0 }.filter { $0.contains("FROM events") }
        hostA.database.trace(nil)
        let create = #"{"query":"mutation { createPracticeLog(input: {activityType: SCALES, durationSeconds: 3700}) { id } }","headers":{"authorization":"Bearer \#(access)"}}"#
        let created = await hostB.respond(toBody: Array(create.utf8))
        #expect(created.errorCodes.isEmpty, "\(created.body)")
        let committed = DispatchTime.now().uptimeNanoseconds
        // A stream answers at least every 5 s (to re-check credentials); ask again until the
        // change arrives or 15 s pass.
        var payloads = await first
        while payloads.isEmpty, DispatchTime.now().uptimeNanoseconds - committed < 15_000_000_000 { payloads = await stream.next() }
        #expect(payloads.contains { $0.contains("hours_1") }, "\(payloads)")
        // Alone it arrives in milliseconds after the commit, but a loaded machine can starve the
        // thread pool that runs the subscription's execution (17.7 s was seen with browser suites
        // beside it), so no time is asserted beyond the loop's: the signal is what is tested, and
        // without it the stream polls the events table and the idle check fails.
        #expect(idleStatements.isEmpty, "the stream read the events table while waiting: \(idleStatements)")
    }

    @Test("a host whose listening connection was lost listens again, and its subscribers hear the next write")
    func listenerReconnects() async throws {
        let (hostA, hostB) = try Self.twoHosts()
        let listeners = """
            SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN mirubato_events' ORDER BY pid
            """
        let before = try hostB.database.query(listeners) { $0.integer(0) ?? 0 }
        #expect(before.count == 2, "one listener per host: \(before)")
        // What a database restart or a network cut does to every host's listening connection.
        _ = try hostB.database.query("SELECT pg_terminate_backend(pid) FROM (\(listeners)) AS l") { $0.integer(0) }
        var after: [Int] = []
        let cut = DispatchTime.now().uptimeNanoseconds
        while DispatchTime.now().uptimeNanoseconds - cut < 10_000_000_000 {
            try await Task.sleep(nanoseconds: 200_000_000)
            after = try hostB.database.query(listeners) { $0.integer(0) ?? 0 }
            if after.count == 2, Set(after).isDisjoint(with: before) { break }
        }
        #expect(after.count == 2 && Set(after).isDisjoint(with: before), "listeners before \(before), after \(after)")
        let access = try #require(try await hostB.signInThroughOutbox(email: "listen-again@example.com"))
        guard case .stream(let stream) = await hostA.subscribe(
            toBody: Array(#"{"query":"subscription { achievementUnlocked { id unlocked } }"}"#.utf8),
            headers: ["authorization": "Bearer \(access)"], clientAddress: "test")
        else { Issue.record("the subscription was refused"); return }
        async let first = stream.next()
        try await Task.sleep(nanoseconds: 500_000_000)
        let create = #"{"query":"mutation { createPracticeLog(input: {activityType: SCALES, durationSeconds: 3700}) { id } }","headers":{"authorization":"Bearer \#(access)"}}"#
        #expect(await hostB.respond(toBody: Array(create.utf8)).errorCodes.isEmpty)
        var payloads = await first
        let asked = DispatchTime.now().uptimeNanoseconds
        while payloads.isEmpty, DispatchTime.now().uptimeNanoseconds - asked < 15_000_000_000 { payloads = await stream.next() }
        #expect(payloads.contains { $0.contains("hours_1") }, "\(payloads)")
    }
}
