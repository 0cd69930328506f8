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
    @Test("a write on host B reaches host A's subscriber, and A sends no query while idle")
    func acrossHosts() async throws {
        let paths = try TestDatabase.freshCopy()
        let environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
        let hostA = try Endpoint(configuration: Configuration(environment: environment), log: Log(isEnabled: false))
        let hostB = try Endpoint(configuration: Configuration(environment: environment), log: Log(isEnabled: false))
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
        let waited = Double(DispatchTime.now().uptimeNanoseconds - committed) / 1e9
        #expect(payloads.contains { $0.contains("hours_1") }, "\(payloads)")
        // Alone it arrives in milliseconds after the commit; the bound is loose because the
        // parallel suite can starve the thread pool that runs the subscription's execution.
        // Without the signal the stream polls the events table, and the idle check fails.
        #expect(waited < 10, "delivered \(waited) s after the commit")
        #expect(idleStatements.isEmpty, "the stream read the events table while waiting: \(idleStatements)")
    }
}
