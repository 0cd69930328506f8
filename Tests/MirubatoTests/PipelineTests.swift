import Domain
import Foundation
import Services
import Storage
import Testing

/// PostgreSQL writes in few round trips (`Database.send`, `Database.readAhead`): what nobody
/// reads the answer of waits for the next statement that needs one, and a store reads ahead
/// what it reads next. The same writes, the same errors, the same answers; fewer trips.
@Suite("Pipelined statements", .enabled(if: TestDatabase.usesPostgres, "needs PostgreSQL"))
struct PipelineTests {
    @Test("a log is written in three round trips, its progress read and written in them")
    func createPracticeLogRoundTrips() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("p@example.com").accessToken)
        var draft = LogDraft()
        draft.activityType = .scales
        draft.durationSeconds = .set(300)
        let creation = LogCreation(clientID: nil, requestHash: "h", sessionID: nil, templateID: nil, draft: draft)
        _ = try test.services.logs.create(viewer: viewer, creation)
        let before = test.database.roundTrips
        _ = try test.services.logs.create(viewer: viewer, creation)
        // BEGIN, the user's lock and the user; the log's writes and every read of its progress;
        // the progress writes and COMMIT. One statement at a time it took 18. (ProgressTests
        // checks on both engines that what they derive equals a rebuild.)
        #expect(test.database.roundTrips - before == 3)
        // The overview after it (not cached yet): the user with the cache's revision, then its four reads in one trip.
        let reading = test.database.roundTrips
        #expect(try test.services.progress.overview(viewer: viewer, instrument: nil).totalPracticeSeconds == 600)
        #expect(test.database.roundTrips - reading == 2)
    }

    @Test("completing a session reads what its achievements need in one round trip")
    func completeSessionRoundTrips() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("s@example.com").accessToken)
        let start = SessionService.Start(clientID: nil, requestHash: "h", instrument: .piano, sheetMusicID: nil, sessionType: .freePractice)
        let session = try test.services.sessions.start(viewer: viewer, start)
        let before = test.database.roundTrips
        let completed = try test.services.sessions.complete(viewer: viewer, id: session.id, notesAttempted: nil, notesCorrect: nil, notes: nil)
        #expect(completed.status == .completed)
        // It unlocks "first session": its reads (the unlocked ones and five facts) go in one trip,
        // and what nobody reads the answer of (the unlock, both notifications, the achievements
        // written to the area rows, the revision) with the next. 18 trips one at a time.
        #expect(test.database.roundTrips - before == 9)
    }

    @Test("an error in a statement sent later fails its transaction, which leaves nothing behind")
    func laterErrorRollsBack() throws {
        let database = try TestDatabase.freshDatabase()
        try database.execute("CREATE TABLE pipeline_probe (id text PRIMARY KEY)")
        #expect(throws: PostgresError.self) {
            try database.transaction { db in
                try db.send("INSERT INTO pipeline_probe (id) VALUES (?)", ["a"])
                try db.send("INSERT INTO pipeline_probe (id) VALUES (?)", ["a"])  // a duplicate: fails when sent
                _ = try db.query("SELECT count(*) FROM pipeline_probe") { $0.integer(0) }
            }
        }
        #expect(try database.first("SELECT count(*) FROM pipeline_probe") { $0.integer(0) } == 0)
        // The connection is usable again, and a body that throws before anything was sent sends nothing.
        let trips = database.roundTrips
        #expect(throws: APIError.self) {
            try database.transaction { db in
                try db.send("INSERT INTO pipeline_probe (id) VALUES (?)", ["b"])
                throw APIError.invalid("x", "stop")
            }
        }
        #expect(database.roundTrips == trips)
        try database.transaction { db in try db.send("INSERT INTO pipeline_probe (id) VALUES (?)", ["c"]) }
        #expect(try database.query("SELECT id FROM pipeline_probe ORDER BY id") { $0.string(0) } == ["c"])
    }

    @Test("an answer read ahead is dropped by any statement sent after it, so no read is stale")
    func readAheadNeverStale() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("q@example.com").accessToken)
        let userID = try viewer.userID()
        let store = ProgressStore(database: test.database)
        try test.database.transaction(lockingUsers: [userID]) { _ in
            try store.readAheadForLogChange(areas: [(.piano, .technique)], userID: userID)
            // A write after the read ahead: the next read must see it, not the answer read before.
            var day = PracticeDay(instrument: .piano, skillArea: .technique, day: LocalDay("2026-03-02")!)
            day.add(activity: .scales, seconds: 60, accuracy: nil, tempo: nil, targetTempo: nil, rating: nil)
            try store.addToDay(day, userID: userID)
            #expect(try store.practiceDays(userID: userID) == [LocalDay("2026-03-02")!])
            #expect(try store.storedDays(userID: userID, instrument: .piano, skillArea: .technique).count == 1)
        }
    }
}
