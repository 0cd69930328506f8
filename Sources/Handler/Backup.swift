import ArgumentParser
import Endpoint
import Foundation
import Storage

/// `mirubato backup PATH`: a consistent copy of the live database (SQLite's online backup, or
/// `pg_dump` for PostgreSQL).
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Copy the database to PATH (consistent while serving).")

    @OptionGroup var store: StoreOptions

    @Argument(help: "Where to write the copy; an existing file is replaced.")
    var path: String

    func run() throws {
        let configuration = try store.configuration()
        try reportingFailure("backup") {
            if case .postgres(let uri) = configuration.databaseLocation {
                // The engine's own consistent dump (one snapshot), checked by reading its table of contents.
                try PostgresTools.run("pg_dump", ["--format=custom", "--file=\(path)", "--dbname=\(uri)"])
                try PostgresTools.run("pg_restore", ["--list", path])
                print("Backed up to \(path) (pg_dump custom format).")
                return
            }
            // Replacing the live file (or the KV file) would unlink what the server has open.
            let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            for live in [configuration.databasePath, configuration.kvPath]
            where URL(fileURLWithPath: live).standardizedFileURL.resolvingSymlinksInPath().path == target {
                throw ValidationError("\(path) is a live file; choose another path for the copy")
            }
            let database = try Runtime.openDatabase(configuration)
            // A stale log or index beside an old copy must not be read as part of the new one.
            for file in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
            _ = try Runtime.createFolder(for: path)
            try database.backup(to: path)
            let copy = try Database(path: path)
            guard try copy.integrityCheck() == "ok" else { throw ValidationError("the copy failed its integrity check") }
            print("Backed up to \(path).")
        }
    }
}

/// `mirubato restore PATH`: replaces the database with a backup (`pg_restore` for PostgreSQL).
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with the backup at PATH (checked first), then migrate it.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "A file written by `mirubato backup`.")
    var path: String

    func run() throws {
        let configuration = try store.configuration()
        try reportingFailure("restore") {
            if case .postgres(let uri) = configuration.databaseLocation {
                // An archive pg_restore cannot read is refused before anything is dropped; the
                // restore itself is one transaction, so a failure half-way leaves the old data.
                try PostgresTools.run("pg_restore", ["--list", path])
                try PostgresTools.run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname=\(uri)", path])
                try Migrator().migrate(try Database(postgres: uri), clock: configuration.clock)
                print("Restored \(configuration.databaseLocation.displayName) from \(path).")
                return
            }
            let backup = try Database(path: path, options: { var options = Database.Options(); options.readOnly = true; return options }())
            guard try backup.integrityCheck() == "ok" else { throw ValidationError("\(path) failed its integrity check; nothing was restored") }
            // A backup from a newer build (unknown migrations) or with edited migrations is refused.
            _ = try Migrator().pending(backup)
            for record in try Migrator().applied(backup) {
                guard let known = Migration.bundled.first(where: { $0.version == record.version }), known.checksum == record.checksum else {
                    throw MigrationError.unknownApplied(version: record.version, name: record.name)
                }
            }
            let database = try Database(path: try Runtime.createFolder(for: configuration.databasePath))
            try database.restore(from: path)
            try Migrator().migrate(database, clock: configuration.clock)
            print("Restored \(configuration.databasePath) from \(path).")
        }
    }
}
