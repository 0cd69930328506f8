import Domain

/// Applies pending migrations, each in its own transaction, and refuses a database whose
/// history does not match this binary's migrations.
public struct Migrator: Sendable {
    /// The migrations this migrator knows, in version order.
    public let migrations: [Migration]

    /// Creates a migrator for `migrations` (by default the ones built in).
    public init(migrations: [Migration] = Migration.bundled) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// A record of an applied migration.
    public struct Applied: Sendable, Equatable {
        /// Its version.
        public let version: Int
        /// Its file name.
        public let name: String
        /// Its script's checksum when applied.
        public let checksum: String
    }

    /// Brings the database up to date; answers the migrations it applied (none when current).
    @discardableResult
    public func migrate(_ database: Database, clock: some Clock = SystemClock()) throws -> [Migration] {
        try checkVersionsUnique()
        try database.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
              version INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              checksum TEXT NOT NULL,
              applied_at TEXT NOT NULL
            )
            """)
        let initial = try applied(database)
        try verify(initial)
        var done: [Migration] = []
        for migration in migrations where !initial.contains(where: { $0.version == migration.version }) {
            // Re-read inside the write lock: another process may have applied it meanwhile.
            let wasApplied = try database.transaction { db -> Bool in
                let current = try applied(db)
                try verify(current)
                guard !current.contains(where: { $0.version == migration.version }) else { return true }
                do {
                    try db.execute(migration.sql)
                } catch let error as SQLiteError {
                    throw MigrationError.failed(version: migration.version, name: migration.name, reason: error.message)
                }
                try db.run(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                    [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum),
                     .text(clock.now().iso8601)])
                return false
            }
            if !wasApplied { done.append(migration) }
        }
        return done
    }

    /// The migrations recorded in the database, in version order.
    public func applied(_ database: Database) throws -> [Applied] {
        try database.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version") { row in
            Applied(version: row.integer(0) ?? 0, name: row.string(1) ?? "", checksum: row.string(2) ?? "")
        }
    }

    /// The known migrations not yet applied.
    public func pending(_ database: Database) throws -> [Migration] {
        let done = Set(try applied(database).map(\.version))
        return migrations.filter { !done.contains($0.version) }
    }

    private func verify(_ applied: [Applied]) throws {
        for record in applied {
            guard let known = migrations.first(where: { $0.version == record.version }) else {
                throw MigrationError.unknownApplied(version: record.version, name: record.name)
            }
            guard known.checksum == record.checksum else {
                throw MigrationError.changedAfterApply(version: record.version, name: record.name)
            }
        }
    }

    private func checkVersionsUnique() throws {
        var seen = Set<Int>()
        for migration in migrations where !seen.insert(migration.version).inserted {
            throw MigrationError.duplicateVersion(migration.version)
        }
    }
}
