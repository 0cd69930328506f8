import Domain
import Foundation
import Services
import Storage
import Testing

/// `mirubato copy` moves a SQLite database with practice history into PostgreSQL, checked row for
/// row, and the copy serves the same derived progress.
@Suite("Copy from SQLite into PostgreSQL", .enabled(if: TestDatabase.usesPostgres, "needs PostgreSQL"))
struct CopyTests {
    @Test("every row arrives, a second copy into the same database is refused, and progress rebuilds to the same state")
    func copy() async throws {
        let source = try TestDatabase.seededSQLiteFile()
        let history = try TestServices(paths: (source, TestDatabase.makeFolder() + "/kv.db"), clock: TestClock(), seed: 3)
        let viewer = try history.services.auth.authenticate(accessToken: history.signIn("mover@example.com").accessToken)
        let pieces = try history.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: 4), viewer: .anonymous).items.map(\.id)
        let random = SeededRandom(seed: 11)
        for _ in 0..<30 {
            history.clock.advance(seconds: 3_600)
            _ = try history.services.logs.create(viewer: viewer, LogCreation(
                clientID: nil, requestHash: "h", sessionID: nil, templateID: nil,
                draft: ProgressTests.randomDraft(random, pieces: pieces, now: history.clock.now())))
        }
        // A recording: its audio moves with its row, byte for byte.
        let take = try AudioProbeTests.fixture("take-unknown-sizes.webm")
        let logID = try history.services.logs.logs(viewer: viewer, filter: LogFilter(), page: PageRequest(limit: 1)).items[0].id
        let recording = try history.services.recordings.attach(viewer: viewer, logID: logID, bytes: take)
        let target = try TestDatabase.emptyPostgresDatabase()
        let environment = TestDatabase.environment(database: target, kv: TestDatabase.makeFolder() + "/kv.db")
        let copied = try await HandlerBinary.run(["copy", "--from", source, "--to", target], environment: environment, stdin: [])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("practice_logs: 30 rows, equal on both sides"), "\(copied.stdout)")
        let again = try await HandlerBinary.run(["copy", "--from", source, "--to", target], environment: environment, stdin: [])
        #expect(again.status == 1 && again.stderr.contains("already holds users"), "\(again.stderr)")

        #expect(copied.stdout.contains("recording_chunks: 1 rows, equal on both sides"), "\(copied.stdout)")
        let moved = try TestServices(paths: (target, TestDatabase.makeFolder() + "/kv.db"), clock: history.clock, seed: 4)
        #expect(try moved.services.recordings.bytes(id: recording.id) == take)
        let before = try ProgressTests.snapshot(moved)
        #expect(before == (try ProgressTests.snapshot(history)))
        _ = try moved.services.progress.rebuild()
        #expect(try ProgressTests.snapshot(moved) == before)
    }
}
