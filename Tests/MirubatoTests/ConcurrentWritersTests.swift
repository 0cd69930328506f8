import Domain
import Foundation
import Services
import Storage
import Synchronization
import Testing

/// Several hosts writing for the same users at once (PostgreSQL only: SQLite's writers take turns
/// on one file): four writers, each on its own connection, create, update and delete logs and
/// complete sessions for two shared users concurrently. Every write must succeed (serialization
/// failures are retried inside `Database.transaction`; a session another writer completed first
/// is a CONFLICT, as for any client), and the derived progress they leave must equal a rebuild.
@Suite("Concurrent writers", .enabled(if: TestDatabase.usesPostgres, "needs PostgreSQL"))
struct ConcurrentWritersTests {
    @Test("incremental progress equals a rebuild after four connections wrote for the same users at once")
    func concurrentEqualsRebuild() throws {
        let paths = try TestDatabase.freshCopy()
        let clock = TestClock()
        let setup = try TestServices(paths: paths, clock: clock, seed: 1)
        // Signed in before the writers start: the shared clock runs on past the tokens' 15 minutes.
        let viewers = try ["a@example.com", "b@example.com"].map { try setup.services.auth.authenticate(accessToken: setup.signIn($0).accessToken) }
        let pieces = try setup.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: 6), viewer: .anonymous).items.map(\.id)
        let failures = Mutex<[String]>([])
        let writes = Mutex(0)
        let retries = Mutex(0)
        let finished = Mutex(0)
        let threads = (0..<4).map { index in
            Thread {
                do {
                    let host = try TestServices(paths: paths, clock: clock, seed: UInt64(100 + index))
                    let random = SeededRandom(seed: UInt64(2026 + index))
                    func pick(_ count: Int) -> Int { random.integer(below: count) }
                    var mine: [(viewer: Viewer, id: String)] = []
                    for _ in 0..<60 {
                        clock.advance(seconds: Int64(60 + pick(3_600)))
                        let viewer = viewers[pick(viewers.count)]
                        switch pick(10) {
                        case 0..<6:
                            let draft = ProgressTests.randomDraft(random, pieces: pieces, now: clock.now())
                            let log = try host.services.logs.create(viewer: viewer, LogCreation(
                                clientID: nil, requestHash: "h", sessionID: nil, templateID: nil, draft: draft))
                            mine.append((viewer, log.id))
                        case 6 where !mine.isEmpty:
                            let target = mine.remove(at: pick(mine.count))
                            try host.services.logs.delete(viewer: target.viewer, id: target.id)
                        case 7:
                            do {
                                let session = try host.services.sessions.start(viewer: viewer, SessionService.Start(
                                    clientID: nil, requestHash: "h", instrument: index % 2 == 0 ? .piano : .guitar, sheetMusicID: nil,
                                    sessionType: .freePractice))
                                _ = try host.services.sessions.complete(viewer: viewer, id: session.id, notesAttempted: nil, notesCorrect: nil, notes: nil)
                            } catch let error as APIError where error.code == .conflict {
                                // Another writer's session on this instrument is open, or it completed ours first.
                            }
                        default:
                            var changes = ProfileChanges()
                            changes.displayName = .set("writer \(index)")
                            _ = try host.services.users.update(viewer: viewer, changes: changes)
                        }
                        writes.withLock { $0 += 1 }
                    }
                    retries.withLock { $0 += host.database.retries }
                } catch {
                    failures.withLock { $0.append("writer \(index): \(error)") }
                }
                finished.withLock { $0 += 1 }
            }
        }
        threads.forEach { $0.start() }
        while finished.withLock({ $0 }) < threads.count { usleep(10_000) }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        #expect(writes.withLock { $0 } == 240)
        // Writers of one user queue on that user's lock: none fails and runs again (on
        // PostgreSQL SERIALIZABLE retried dozens of these; SQLite's writers always took turns).
        #expect(retries.withLock { $0 } == 0)
        let incremental = try ProgressTests.snapshot(setup)
        #expect(try setup.count("practice_logs") > 100)
        _ = try setup.services.progress.rebuild()
        let rebuilt = try ProgressTests.snapshot(setup)
        #expect(incremental.count == rebuilt.count)
        for (before, after) in zip(incremental, rebuilt) where before != after {
            Issue.record("incremental \(before)\nrebuilt     \(after)")
        }
    }
}
