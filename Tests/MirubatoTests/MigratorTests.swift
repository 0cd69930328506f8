import Domain
import Services
import Storage
import Testing

@Suite("Migrator")
struct MigratorTests {
    private func emptyDatabase() throws -> Database {
        try Database(path: TestDatabase.makeFolder() + "/test.db")
    }

    @Test("a fresh database gets every table, view and trigger of the design")
    func fresh() throws {
        let database = try emptyDatabase()
        let applied = try Migrator().migrate(database, clock: FixedClock(TestDatabase.now))
        #expect(applied.map(\.version) == Migration.bundled.map(\.version))
        let objects = try database.query("SELECT type || ':' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'") { $0.string(0) ?? "" }
        for table in ["users", "sheet_music", "practice_sessions", "practice_logs", "progress_tracking",
                      "user_sheet_music_progress", "practice_templates", "schema_migrations", "practice_days",
                      "user_achievements", "goals", "progress_revisions", "catalogue_revision", "practice_day_details",
                      "repertoire", "repertoire_status_changes", "changes", "change_heads", "piece_terms",
                      "plan_items", "reminders_sent", "calendar_feeds", "teacher_invites", "teacher_shares", "comments"] {
            #expect(objects.contains("table:\(table)"), "missing table \(table)")
        }
        #expect(objects.contains("view:daily_practice_summary"))
        #expect(objects.contains("view:user_statistics"))
        // 9 of the design's; 32 writing the change feed (three per synced table, users' own
        // pieces and plan items included, six on comments for the feeds of both sides of a
        // thread, one on repertoire moves, one on profiles) and 2 creating and removing each
        // user's feed; 1 on the view they write through (0020), which numbers and records a change.
        #expect(objects.contains("view:change_feed"))
        #expect(objects.filter { $0.hasPrefix("trigger:") }.count == 9 + 32 + 2 + 1)
        #expect(try database.first("PRAGMA foreign_keys") { $0.integer(0) } == 1)
        #expect(try database.first("PRAGMA journal_mode") { $0.string(0) } == "wal")
    }

    @Test("running again applies nothing")
    func idempotent() throws {
        let database = try emptyDatabase()
        try Migrator().migrate(database)
        #expect(try Migrator().migrate(database).isEmpty)
        #expect(try Migrator().pending(database).isEmpty)
        #expect(try Migrator().applied(database).count == Migration.bundled.count)
    }

    @Test("the checksums the build embeds are the SHA-256 of the scripts as the binary holds them")
    func embeddedChecksums() {
        for migration in Migration.bundled + Migration.bundledPostgres {
            #expect(migration.checksum == SHA256.hex(migration.sql), "\(migration.name)")
            #expect(migration.checksum.count == 64)
        }
    }

    @Test("an applied migration whose file changed is refused")
    func changedFile() throws {
        let database = try emptyDatabase()
        let original = Migration(version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER);")
        try Migrator(migrations: [original]).migrate(database)
        let edited = Migration(version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER, y TEXT);")
        #expect(throws: MigrationError.changedAfterApply(version: 1, name: "0001_a.sql")) {
            try Migrator(migrations: [edited, Migration(version: 2, name: "0002_b.sql", sql: "CREATE TABLE b (x);")]).migrate(database)
        }
        // Nothing after the refusal was applied.
        #expect(try database.first("SELECT count(*) FROM sqlite_schema WHERE name = 'b'") { $0.integer(0) } == 0)
    }

    @Test("a database migrated by a newer build is refused")
    func unknownApplied() throws {
        let database = try emptyDatabase()
        let first = Migration(version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (x);")
        try Migrator(migrations: [first, Migration(version: 2, name: "0002_b.sql", sql: "CREATE TABLE b (x);")]).migrate(database)
        #expect(throws: MigrationError.unknownApplied(version: 2, name: "0002_b.sql")) {
            try Migrator(migrations: [first]).migrate(database)
        }
    }

    @Test("a failing migration leaves nothing of itself behind")
    func failedMigrationRollsBack() throws {
        let database = try emptyDatabase()
        let broken = Migration(version: 1, name: "0001_broken.sql", sql: "CREATE TABLE a (x); CREATE TABLE oops (;")
        #expect(throws: MigrationError.self) { try Migrator(migrations: [broken]).migrate(database) }
        #expect(try database.first("SELECT count(*) FROM sqlite_schema WHERE name = 'a'") { $0.integer(0) } == 0)
        #expect(try Migrator(migrations: [broken]).applied(database).isEmpty)
    }

    @Test("duplicate version numbers are refused")
    func duplicateVersions() throws {
        let migrations = [Migration(version: 1, name: "0001_a.sql", sql: "SELECT 1;"), Migration(version: 1, name: "0001_b.sql", sql: "SELECT 1;")]
        #expect(throws: MigrationError.duplicateVersion(1)) { try Migrator(migrations: migrations).migrate(emptyDatabase()) }
    }

    @Test("bundled migrations are numbered from 1 without gaps, with the same numbers on both engines")
    func bundledNumbering() {
        #expect(Migration.bundled.map(\.version) == Array(1...Migration.bundled.count))
        #expect(Migration.bundledPostgres.map(\.version) == Migration.bundled.map(\.version))
        // From 0008 on a number is the same migration on both: the same file name.
        for (sqlite, postgres) in zip(Migration.bundled, Migration.bundledPostgres) where sqlite.version >= 8 {
            #expect(sqlite.name == postgres.name)
        }
    }

    @Test("every change-feed update trigger compares every column of its table (SQLite has no whole-row comparison)")
    func changeTriggersListEveryColumn() throws {
        let database = try emptyDatabase()
        try Migrator().migrate(database)
        let triggers = try database.query("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%change_update'") {
            ($0.string(0) ?? "", $0.string(1) ?? "", $0.string(2) ?? "")
        }
        #expect(triggers.count == 11)
        for (name, table, sql) in triggers {
            let columns = try database.query("SELECT name FROM pragma_table_info(?)", [.text(table)]) { $0.string(0) ?? "" }
            // The condition: what stands before the body.
            let condition = sql.components(separatedBy: "\nBEGIN")[0]
            let compared = condition.matches(of: /OLD\.(\w+)/).map { String($0.1) }
            #expect(Set(columns).isSubset(of: Set(compared)), "\(name) does not compare \(Set(columns).subtracting(compared).sorted())")
        }
    }

    @Test("a log write's CHECKs on practice_logs and the change feed are comparisons, which build no table of values per row (0019), refuse what the lists refused, and keep earlier rows")
    func logWriteChecksBuildNoTable() throws {
        let path = TestDatabase.makeFolder() + "/test.db"
        var database = try Database(path: path)
        try Migrator(migrations: Migration.bundled.filter { $0.version < 19 }).migrate(database)
        try database.run("INSERT INTO users (id, email) VALUES ('u', 'u@example.com')")
        let insertLog = "INSERT INTO practice_logs (id, user_id, activity_type, instrument, start_time) VALUES (?, 'u', ?, 'piano', '2026-01-01T00:00:00.000Z')"
        try database.run(insertLog, ["before", "warm_up"])
        let insertChange = "INSERT INTO changes (user_id, seq, entity, entity_id, deleted) VALUES ('u', ?, ?, ?, 0)"
        func temporaryTables(_ sql: String) throws -> Int {
            try database.query("EXPLAIN " + sql, Array(repeating: .text("x"), count: sql.count { $0 == "?" })) { $0.string(1) }
                .count { $0 == "OpenEphemeral" }
        }
        #expect(try temporaryTables(insertLog) > 0)
        #expect(try temporaryTables(insertChange) > 0)

        try Migrator().migrate(database)
        // A new connection: an EXPLAIN already prepared lists the program it was prepared with.
        database = try Database(path: path)
        #expect(try temporaryTables(insertLog) == 0)
        #expect(try temporaryTables(insertChange) == 0)
        #expect(try database.first("PRAGMA integrity_check") { $0.string(0) } == "ok")
        #expect(try database.first("SELECT activity_type FROM practice_logs WHERE id = 'before'") { $0.string(0) } == "warm_up")
        for activity in ActivityType.allCases {
            try database.run(insertLog, [.text("after-\(activity.rawValue)"), .text(activity.rawValue)])
        }
        #expect(throws: (any Error).self) { try database.run(insertLog, ["juggling", "juggling"]) }
        #expect(throws: (any Error).self) { try database.run(insertLog, ["case", "Scales"]) }
        let seq = try database.first("SELECT max(seq) FROM changes WHERE user_id = 'u'") { $0.integer(0) ?? 0 } ?? 0
        for (offset, entity) in ["log", "session", "template", "goal", "repertoire", "piece_progress", "profile", "piece", "plan_item", "comment"].enumerated() {
            try database.run(insertChange, [.integer(Int64(seq + 1 + offset)), .text(entity), .text("e\(offset)")])
        }
        #expect(throws: (any Error).self) { try database.run(insertChange, [.integer(Int64(seq + 100)), "recording", "r"]) }
    }

    @Test("the change feed's triggers write through one view (0020): the same feed as the triggers before it, from inserts, updates, deletes and pruning, from much less trigger text")
    func changeFeedThroughOneView() throws {
        /// The feed and its heads after the same writes, on a file migrated by `migrations`, and
        /// the length of its triggers' SQL.
        func feed(_ migrations: [Migration]) throws -> (changes: [String], heads: [String], triggerText: Int) {
            let database = try Database(path: TestDatabase.makeFolder() + "/feed.db")
            try Migrator(migrations: migrations).migrate(database)
            let clock = FixedClock(Timestamp(milliseconds: 1_796_000_000_000))
            _ = try Seeder(database: database, clock: clock).seed()
            let random = SeededRandom(seed: 20)
            let cipher = FieldCipher(key: Array(repeating: 7, count: 32), random: random)
            _ = try DemoData(database: database, cipher: cipher, clock: clock, random: random).generate(users: 2, logsPerUser: 15)
            // Updates that change rows and one that does not, on three of the fed tables. No row
            // is written twice through a column that stamps `updated_at` with SQLite's clock: a
            // second stamp in the same millisecond would change nothing and record nothing, which
            // would make the two files' feeds differ by timing alone.
            let touched = "SELECT id FROM practice_logs ORDER BY id LIMIT 5"
            try database.run("UPDATE practice_logs SET notes_played = coalesce(notes_played, 0) + 1 WHERE id IN (\(touched))")
            try database.run("UPDATE practice_logs SET created_at = created_at")
            try database.run("UPDATE practice_sessions SET notes = 'again' WHERE id IN (SELECT id FROM practice_sessions ORDER BY id LIMIT 2)")
            try database.run("UPDATE users SET display_name = 'Renamed' WHERE id IN (SELECT id FROM users ORDER BY id LIMIT 1)")
            // Deletes leave tombstones; once some are older than 30 days, the next delete prunes
            // them (a session's delete also clears its logs' session, an update of each).
            try database.run("DELETE FROM practice_logs WHERE id IN (SELECT id FROM practice_logs ORDER BY id LIMIT 3)")
            try database.run("UPDATE changes SET changed_at = '2020-01-01T00:00:00.000Z' WHERE deleted")
            try database.run("""
                DELETE FROM practice_sessions WHERE id IN (SELECT id FROM practice_sessions
                WHERE user_id IN (SELECT user_id FROM changes WHERE deleted)
                AND id NOT IN (SELECT session_id FROM practice_logs WHERE id IN (\(touched)) AND session_id IS NOT NULL)
                ORDER BY id LIMIT 2)
                """)
            let changes = try database.query(
                "SELECT user_id || ' ' || seq || ' ' || entity || ' ' || entity_id || ' ' || deleted FROM changes ORDER BY user_id, seq") { $0.string(0) ?? "" }
            let heads = try database.query("SELECT user_id || ' ' || seq || ' ' || pruned_through FROM change_heads ORDER BY user_id") { $0.string(0) ?? "" }
            let text = try database.first("SELECT sum(length(sql)) FROM sqlite_schema WHERE type = 'trigger'") { $0.integer(0) ?? 0 } ?? 0
            return (changes, heads, text)
        }
        let before = try feed(Migration.bundled.filter { $0.version < 20 })
        let after = try feed(Migration.bundled)
        #expect(before.changes.count > 40)
        #expect(before.changes.contains { $0.hasSuffix(" 1") }, "no tombstone left to compare")
        #expect(before.heads.contains { !$0.hasSuffix(" 0") }, "nothing was pruned")
        #expect(after.changes == before.changes)
        #expect(after.heads == before.heads)
        #expect(after.triggerText * 10 < before.triggerText * 6, "\(after.triggerText) against \(before.triggerText) characters")
    }

    /// The PostgreSQL migrations as they were numbered before the engines were numbered alike.
    private static var oldPostgresNumbering: [Migration] {
        Migration.bundledPostgres.compactMap { migration in
            if migration.version <= 2 { return migration }
            guard let old = Migration.renumberedPostgres.first(where: { $0.to == migration.version }) else { return nil }
            return Migration(version: old.version, name: old.name, sql: migration.sql)
        }
    }

    @Test("a PostgreSQL database migrated under the old numbers migrates across the renumbering",
          .enabled(if: TestDatabase.usesPostgres, "needs PostgreSQL"))
    func renumberedPostgres() throws {
        let database = try Database(DatabaseLocation(TestDatabase.emptyPostgresDatabase()))
        try Migrator(migrations: Self.oldPostgresNumbering).migrate(database)
        #expect(try Migrator(migrations: Self.oldPostgresNumbering).applied(database).map(\.name).contains("0005_changes.sql"))
        let applied = try Migrator().migrate(database)
        // Only what the old numbers lacked runs: the empty numbers and what came after.
        #expect(applied.map(\.version) == [3, 4, 5, 6, 7] + Array(13...Migration.bundledPostgres.count))
        let records = try Migrator().applied(database)
        #expect(records.map(\.version) == Migration.bundledPostgres.map(\.version))
        #expect(records.map(\.name) == Migration.bundledPostgres.map(\.name))
        #expect(try Migrator().pending(database).isEmpty)
        #expect(try Migrator().migrate(database).isEmpty)
    }
}
