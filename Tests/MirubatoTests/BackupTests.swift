import Domain
import Foundation
import Storage
import Testing

@Suite("Backup and restore", .sqliteOnly)
struct BackupTests {
    @Test("a backup taken while another connection writes is consistent and restores")
    func backupUnderWrites() throws {
        let paths = try TestDatabase.freshCopy()
        let live = try Database(path: paths.database)
        try live.run("INSERT INTO users (id, email) VALUES ('u', 'u@example.com')")
        let writer = try Database(path: paths.database)
        let done = DispatchSemaphore(value: 0)
        let insert = "INSERT INTO practice_logs (id, user_id, activity_type, instrument, start_time) VALUES (?, 'u', 'scales', 'piano', '2026-01-15T09:00:00.000Z')"
        Thread {
            for index in 0..<400 { try? writer.run(insert, [.text("log\(index)")]) }
            done.signal()
        }.start()
        let folder = TestDatabase.makeFolder()
        try live.backup(to: folder + "/backup.db")
        done.wait()
        let copy = try Database(path: folder + "/backup.db")
        #expect(try copy.integrityCheck() == "ok")
        let copied = try copy.first("SELECT count(*) FROM practice_logs") { $0.integer(0) ?? -1 } ?? -1
        #expect((0...400).contains(copied))
        // Every row in the copy is a whole, committed row.
        #expect(try copy.first("SELECT count(*) FROM practice_logs WHERE user_id IS NOT 'u'") { $0.integer(0) } == 0)

        let restoredPaths = try TestDatabase.freshCopy()
        let target = try Database(path: restoredPaths.database)
        try target.restore(from: folder + "/backup.db")
        #expect(try target.first("SELECT count(*) FROM practice_logs") { $0.integer(0) } == copied)
        #expect(try target.integrityCheck() == "ok")
        #expect(try Migrator().pending(target).isEmpty)
    }

    @Test("mirubato backup and restore round-trip through the binary")
    func commands() throws {
        let paths = try TestDatabase.freshCopy()
        let environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
        let file = TestDatabase.makeFolder() + "/nightly.db"
        let backup = try HandlerBinary.run(["backup", file], environment: environment, stdin: [])
        #expect(backup.status == 0, "\(backup.stderr)")
        let other = try TestDatabase.freshCopy()
        try Database(path: other.database).run("DELETE FROM sheet_music")
        var restoreEnvironment = environment
        restoreEnvironment["MIRUBATO_DB"] = other.database
        let restore = try HandlerBinary.run(["restore", file], environment: restoreEnvironment, stdin: [])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try Database(path: other.database).first("SELECT count(*) FROM sheet_music") { $0.integer(0) } == 109)
        let broken = TestDatabase.makeFolder() + "/broken.db"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: broken))
        let refused = try HandlerBinary.run(["restore", broken], environment: restoreEnvironment, stdin: [])
        #expect(refused.status == 1)
        #expect(try Database(path: other.database).first("SELECT count(*) FROM sheet_music") { $0.integer(0) } == 109)
    }
}
