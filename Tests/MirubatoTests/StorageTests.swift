import Domain
import Foundation
import Services
@testable import Storage
import Synchronization
import Testing

@Suite("SQLite storage")
struct StorageTests {
    private func migrated() throws -> Database {
        let database = try Database(path: TestDatabase.makeFolder() + "/test.db")
        try Migrator().migrate(database)
        return database
    }

    @Test("parameters are bound, never spliced")
    func boundParameters() throws {
        let database = try migrated()
        let hostile = "x'); DROP TABLE users; --"
        try database.run("INSERT INTO users (id, email) VALUES (?, ?)", ["u1", .text(hostile)])
        #expect(try database.first("SELECT email FROM users WHERE id = ?", ["u1"]) { $0.string(0) } == hostile)
        #expect(try database.first("SELECT count(*) FROM users") { $0.integer(0) } == 1)
    }

    @Test("a second connection of the process waits for the first one's transaction instead of failing busy")
    func writeGate() throws {
        let path = TestDatabase.makeFolder() + "/gate.db"
        var options = Database.Options()
        options.busyTimeoutMilliseconds = 0  // without the gate, the second writer fails at once
        let first = try Database(path: path, options: options)
        let second = try Database(path: path, options: options)
        try first.execute("CREATE TABLE t (n INTEGER)")
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Int, any Error>?>(nil)
        Thread {
            holding.wait()
            outcome.withLock { $0 = Result { try second.transaction { try $0.run("INSERT INTO t VALUES (2)") } } }
            done.signal()
        }.start()
        try first.transaction { db in
            _ = try db.run("INSERT INTO t VALUES (1)")
            holding.signal()
            Thread.sleep(forTimeInterval: 0.05)  // the other thread is now at its BEGIN
        }
        done.wait()
        #expect(try outcome.withLock { try $0?.get() } == 1)
        #expect(try first.first("SELECT group_concat(n) FROM t ORDER BY n") { $0.string(0) } == "1,2")
    }

    @Test("writers of one process share commits, and each returns only once its own writes are committed")
    func groupCommit() throws {
        let path = TestDatabase.makeFolder() + "/group.db"
        let setup = try Database(path: path)
        try setup.execute("CREATE TABLE t (worker INTEGER, n INTEGER, PRIMARY KEY (worker, n))")
        let (workers, rounds) = (6, 150)
        let problems = Mutex<[String]>([])
        let threads = (0..<workers).map { worker in
            let done = DispatchSemaphore(value: 0)
            Thread {
                defer { done.signal() }
                do {
                    // A connection to write on and another to check, as two requests of a worker would.
                    let (database, observer) = (try Database(path: path), try Database(path: path))
                    for n in 0..<rounds {
                        let fails = (n + worker) % 7 == 0
                        do {
                            try database.transaction { db in
                                try db.run("INSERT INTO t VALUES (?, ?)", [.integer(Int64(worker)), .integer(Int64(n))])
                                // Nested work rolls back alone, inside the group's transaction too.
                                _ = try? db.transaction { try $0.run("INSERT INTO t VALUES (?, ?)", [.integer(Int64(worker)), .integer(-1)]); throw TestFailure("nested") }
                                // Long enough for the other threads to queue behind, however busy the machine.
                                usleep(300)
                                if fails { throw TestFailure("refused") }
                            }
                            // Returned: committed, so any other connection reads it now.
                            let seen = try observer.first("SELECT count(*) FROM t WHERE worker = ? AND n = ?", [.integer(Int64(worker)), .integer(Int64(n))]) { $0.integer(0) }
                            if fails || seen != 1 { problems.withLock { $0.append("worker \(worker) row \(n): seen \(seen ?? -1), fails \(fails)") } }
                        } catch let error as TestFailure where fails && error.description.contains("refused") {
                        }
                    }
                } catch {
                    problems.withLock { $0.append("worker \(worker): \(error)") }
                }
            }.start()
            return done
        }
        threads.forEach { $0.wait() }
        #expect(problems.withLock { $0 } == [])
        let expected = (0..<workers).flatMap { worker in (0..<rounds).filter { ($0 + worker) % 7 != 0 }.map { [worker, $0] } }
        #expect(try setup.query("SELECT worker, n FROM t ORDER BY worker, n") { [$0.integer(0)!, $0.integer(1)!] } == expected)
        let tally = try #require(setup.withSQLite { $0.writeGate?.tally } ?? nil)
        #expect(tally.transactions == workers * rounds)
        // Committed alone, every transaction that wrote would take a commit of its own.
        #expect(tally.commits < expected.count / 2, "\(tally)")
    }

    @Test("an in-memory database writes on its own connection: another would open another database")
    func inMemoryTransactions() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t (n INTEGER)")
        try database.transaction { try $0.run("INSERT INTO t VALUES (1)") }
        #expect(try database.first("SELECT count(*) FROM t") { $0.integer(0) } == 1)
    }

    @Test("the write-ahead log is checkpointed after the commits that fill it, so it stays bounded")
    func checkpoints() throws {
        let path = TestDatabase.makeFolder() + "/wal.db"
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t (b BLOB)")
        let page = [UInt8](repeating: 7, count: 4096)
        for _ in 0..<2_000 {
            try database.transaction { try $0.run("INSERT INTO t VALUES (?)", [.blob(page)]) }
        }
        // Over 4,000 pages were written; a log checkpointed at 1,000 pages is reused from its start.
        let size = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(size > 0)
        #expect(size < 8 << 20)
    }

    @Test("a wrong parameter count is an error, not a silent NULL")
    func parameterCount() throws {
        let database = try migrated()
        #expect(throws: SQLiteError.self) { try database.run("SELECT ?, ?", ["only one"]) }
    }

    @Test("foreign keys and CHECK constraints are enforced")
    func constraints() throws {
        let database = try migrated()
        let orphan = #expect(throws: SQLiteError.self) {
            try database.run(
                "INSERT INTO practice_logs (id, user_id, activity_type, instrument, start_time) VALUES ('l', 'nobody', 'scales', 'piano', '2026-01-01T00:00:00.000Z')")
        }
        #expect(orphan?.isConstraint == true)
        try database.run("INSERT INTO users (id, email) VALUES ('u', 'u@example.com')")
        #expect(throws: SQLiteError.self) {
            try database.run(
                "INSERT INTO practice_logs (id, user_id, activity_type, instrument, start_time) VALUES ('l', 'u', 'juggling', 'piano', '2026-01-01T00:00:00.000Z')")
        }
        #expect(throws: SQLiteError.self) {
            try database.run(
                "INSERT INTO practice_logs (id, user_id, activity_type, instrument, start_time, self_rating) VALUES ('l', 'u', 'scales', 'piano', '2026-01-01T00:00:00.000Z', 11)")
        }
    }

    @Test("a transaction that throws leaves nothing behind")
    func rollback() throws {
        let database = try migrated()
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try database.transaction { db in
                try db.run("INSERT INTO users (id, email) VALUES ('u', 'u@example.com')")
                throw Abort()
            }
        }
        #expect(try database.first("SELECT count(*) FROM users") { $0.integer(0) } == 0)
    }

    @Test("updated_at is stamped by the trigger when an update leaves it unchanged")
    func updatedAtTrigger() throws {
        let database = try migrated()
        try database.run("INSERT INTO users (id, email, updated_at) VALUES ('u', 'u@example.com', '2000-01-01T00:00:00.000Z')")
        try database.run("UPDATE users SET display_name = 'Clara' WHERE id = 'u'")
        let stamped = try database.first("SELECT updated_at FROM users WHERE id = 'u'") { $0.string(0) } ?? nil
        #expect(stamped != "2000-01-01T00:00:00.000Z")
        #expect(stamped.flatMap(Timestamp.init(iso8601:)) != nil)
        // An explicit application timestamp wins.
        try database.run("UPDATE users SET display_name = 'Robert', updated_at = '2026-01-15T09:30:00.000Z' WHERE id = 'u'")
        #expect(try database.first("SELECT updated_at FROM users WHERE id = 'u'") { $0.string(0) } == "2026-01-15T09:30:00.000Z")
    }

    @Test("statements are traced, so tests can count them")
    func tracing() throws {
        let database = try migrated()
        let seen = StatementLog()
        database.trace { seen.append($0) }
        _ = try database.query("SELECT id FROM users WHERE email = ?", ["a@example.com"]) { $0.string(0) }
        database.trace(nil)
        _ = try database.query("SELECT 1") { $0.integer(0) }
        #expect(seen.statements == ["SELECT id FROM users WHERE email = 'a@example.com'"])
    }
}

import Synchronization

/// Statements seen by a trace.
final class StatementLog: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var statements: [String] { lines.withLock { $0 } }
}

@Suite("Event retention")
struct EventRetentionTests {
    @Test("events past the retention are removed as new ones are appended")
    func oldEventsGo() throws {
        let test = try TestServices()
        let user = try test.services.auth.authenticate(accessToken: test.signIn("e@example.com").accessToken).userID()
        let database = test.database
        let events = EventStore(database: database)
        let start = TestDatabase.now
        // Two events a minute for three hours.
        for minute in 0..<180 {
            for index in 0..<2 {
                try events.append(userID: user, topic: .achievement, subjectID: "s\(minute)-\(index)", at: start.adding(seconds: Int64(minute) * 60))
            }
        }
        let oldest = try #require(try database.first("SELECT min(created_at) FROM events") { $0.string(0) } ?? nil)
        let end = start.adding(seconds: 179 * 60)
        // The last prune ran at most 256 appends (128 minutes) ago and kept one hour before it.
        #expect(oldest >= end.adding(seconds: -(EventStore.retentionSeconds + 128 * 60)).iso8601, "\(oldest)")
        #expect(try database.first("SELECT count(*) FROM events") { $0.integer(0) ?? 0 } ?? 0 < 360)
    }
}

@Suite("Rows by column name")
struct RowNameTests {
    @Test("a piece maps the same from its columns in any order; a missing column or a NULL title fails")
    func piecesDecodeByName() throws {
        let database = try TestDatabase.freshDatabase()
        let columns = SheetMusicStore.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let id = "EzcWMdkoy6K28pdjjJ4YI"
        let expected = try #require(try SheetMusicStore(database: database).find(id: id, visibleTo: nil))
        let reversed = try database.first("SELECT \(columns.reversed().joined(separator: ", ")) FROM sheet_music WHERE id = ?", [.text(id)], SheetMusicStore.piece)
        #expect(reversed == expected)
        let lacking = columns.filter { $0 != "composer" }.joined(separator: ", ")
        #expect(throws: RowDecodingError.self) {
            _ = try database.first("SELECT \(lacking) FROM sheet_music WHERE id = ?", [.text(id)], SheetMusicStore.piece)
        }
        let nullTitle = columns.map { $0 == "title" ? "NULL AS title" : $0 }.joined(separator: ", ")
        #expect(throws: RowDecodingError.self) {
            _ = try database.first("SELECT \(nullTitle) FROM sheet_music WHERE id = ?", [.text(id)], SheetMusicStore.piece)
        }
    }

    @Test("practice rows map the same from their columns in any order; a missing column, or NULL where the table has none, fails")
    func practiceDecodesByName() throws {
        let (test, userID) = try practisingUser()
        let database = test.database
        let cipher = FieldCipher(key: Array(repeating: 1, count: 32), random: CryptoRandom())
        try decodesByName(database, LogStore.columns, from: "practice_logs", userID, LogStore(database: database, cipher: cipher).log)
        try decodesByName(database, SessionStore.columns, from: "practice_sessions", userID, SessionStore(database: database, cipher: cipher).session)
        try decodesByName(database, TemplateStore.columns, from: "practice_templates", userID, TemplateStore.template)
        try decodesByName(database, GoalStore.columns, from: "goals", userID, GoalStore.goal)
        let pieces = PieceProgressStore(database: database, cipher: cipher, random: SeededRandom(seed: 1))
        try decodesByName(database, PieceProgressStore.columns, from: "user_sheet_music_progress", userID, pieces.progress)
        try decodesByName(database, ProgressStore.dayColumns, from: "practice_days", userID, ProgressStore.day)
        try decodesByName(database, ProgressStore.areaColumns, from: "progress_tracking", userID, ProgressStore.area)
    }

    @Test("account and catalogue rows map the same from their columns in any order; a missing column, or NULL where the table has none, fails")
    func accountsDecodeByName() throws {
        let (test, userID) = try practisingUser()
        let database = test.database
        let cipher = FieldCipher(key: Array(repeating: 1, count: 32), random: CryptoRandom())
        try decodesByName(database, UserStore.columns, from: "users", where: "id = ?", userID, UserStore.user)
        try decodesByName(database, AuthStore.linkColumns, from: "magic_links", where: "email = ?", "rows@example.com", AuthStore.link)
        try decodesByName(
            database, OutboxStore.columns, from: "email_outbox", where: "recipient = ?", "rows@example.com",
            OutboxStore(database: database, cipher: cipher).message)
        try decodesByName(database, SheetMusicStore.columns, from: "sheet_music", where: "id = ?", "EzcWMdkoy6K28pdjjJ4YI", SheetMusicStore.piece)
    }

    /// Checks `map` on the first row of `table` where `condition` holds for `key`: its `columns`
    /// reversed decode the same value; without any one of them it throws `RowDecodingError`, and
    /// with NULL in one it throws exactly when the table declares the column NOT NULL or a key.
    private func decodesByName<Value: Equatable>(
        _ database: Database, _ columns: String, from table: String, where condition: String = "user_id = ?", _ key: String,
        _ map: (Row) throws -> Value, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let names = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        func select(_ selected: [String]) throws -> Value? {
            try database.first(
                "SELECT \(selected.joined(separator: ", ")) FROM \(table) WHERE \(condition) ORDER BY \(names[0]) LIMIT 1", [.text(key)], map)
        }
        let expected = try #require(try select(names), "no \(table) row", sourceLocation: sourceLocation)
        #expect(try select(names.reversed()) == expected, "\(table), columns reversed", sourceLocation: sourceLocation)
        let required = try TestDatabase.requiredColumns(table, in: database)
        for name in names {
            #expect(throws: RowDecodingError.self, "\(table) without \(name)", sourceLocation: sourceLocation) {
                try select(names.filter { $0 != name })
            }
            let nulled = names.map { $0 == name ? "NULL AS \(name)" : $0 }
            if required.contains(name) {
                #expect(throws: RowDecodingError.self, "\(table) with NULL \(name)", sourceLocation: sourceLocation) { try select(nulled) }
            } else {
                #expect(throws: Never.self, "\(table) with NULL \(name)", sourceLocation: sourceLocation) { try select(nulled) }
            }
        }
    }

    /// A signed-in user with a row in every table the mappings read: a completed session with a
    /// log of a piece, a template, a goal and a bookmarked piece.
    private func practisingUser() throws -> (TestServices, String) {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("rows@example.com").accessToken)
        let session = try test.services.sessions.start(
            viewer: viewer, .init(clientID: nil, requestHash: "s", instrument: .piano, sheetMusicID: nil, sessionType: .guided))
        var log = LogDraft()
        log.activityType = .etudes
        log.durationSeconds = .set(600)
        log.focusAreas = [.accuracy, .tempo]
        log.practiceNotes = .set("left hand")
        log.tempoPracticed = .set(80)
        log.sheetMusicID = .set("EzcWMdkoy6K28pdjjJ4YI")
        _ = try test.services.logs.create(viewer: viewer, LogCreation(clientID: nil, requestHash: "l", sessionID: session.id, templateID: nil, draft: log))
        _ = try test.services.sessions.complete(viewer: viewer, id: session.id, notesAttempted: 10, notesCorrect: 9, notes: "good")
        var template = TemplateDraft()
        template.name = "Warm-up"
        template.activityType = .scales
        _ = try test.services.templates.create(viewer: viewer, clientID: nil, requestHash: "t", draft: template)
        _ = try test.services.goals.create(
            viewer: viewer, clientID: nil, requestHash: "g", draft: .init(type: .dailyMinutes, title: nil, target: 30, sheetMusicID: nil, deadline: nil))
        var flags = PieceProgressChanges()
        flags.isBookmarked = true
        _ = try test.services.pieces.update(viewer: viewer, sheetMusicID: "EzcWMdkoy6K28pdjjJ4YI", changes: flags)
        return (test, try viewer.userID())
    }
}

