import Foundation
import Storage
import Testing

/// `mirubato backup` and `restore` on PostgreSQL go through the engine's own tools (pg_dump's
/// custom archive, pg_restore in one transaction), through the binary as an operator runs them.
@Suite("Backup and restore on PostgreSQL", .enabled(if: TestDatabase.usesPostgres, "needs PostgreSQL"))
struct PostgresBackupTests {
    @Test("a pg_dump archive restores into another database; an unreadable archive changes nothing")
    func roundTrip() async throws {
        let paths = try TestDatabase.freshCopy()
        let environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
        let file = TestDatabase.makeFolder() + "/nightly.dump"
        let backup = try await HandlerBinary.run(["backup", file], environment: environment, stdin: [])
        #expect(backup.status == 0, "\(backup.stderr)")
        let other = try TestDatabase.freshCopy()
        func pieces() throws -> Int? {
            try Database(DatabaseLocation(other.database)).first("SELECT count(*) FROM sheet_music") { $0.integer(0) ?? 0 }
        }
        try Database(DatabaseLocation(other.database)).run("DELETE FROM sheet_music")
        #expect(try pieces() == 0)
        var restoreEnvironment = environment
        restoreEnvironment["MIRUBATO_DB"] = other.database
        let restore = try await HandlerBinary.run(["restore", file], environment: restoreEnvironment, stdin: [])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try pieces() == 109)
        let broken = TestDatabase.makeFolder() + "/broken.dump"
        try Data("not an archive".utf8).write(to: URL(fileURLWithPath: broken))
        let refused = try await HandlerBinary.run(["restore", broken], environment: restoreEnvironment, stdin: [])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(try pieces() == 109)
    }
}
