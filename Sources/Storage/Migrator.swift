import Domain

/// Applies pending migrations, each in its own transaction, and refuses a database whose
/// history does not match this binary's migrations.
public struct Migrator: Sendable {
    /// The migrations given to this migrator, in version order; nil for the ones built in for
    /// each engine (`Migrations/` for SQLite, `Migrations/postgres/` for PostgreSQL).
    private let given: [Migration]?

    /// Creates a migrator for `migrations` (by default the ones built in for the database's engine).
    public init(migrations: [Migration]? = nil) {
        given = migrations?.sorted { $0.version < $1.version }
    }

    /// The migrations for a database's engine, in version order.
    public func migrations(for database: Database) -> [Migration] {
        given ?? (database.dialect == .postgres ? Migration.bundledPostgres : Migration.bundled)
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
        let migrations = migrations(for: database)
        try checkVersionsUnique(migrations)
        let create = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
              version INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              checksum TEXT NOT NULL,
              applied_at TEXT NOT NULL
            )
            """
        if database.dialect == .postgres {
            // Two hosts creating the table at once would collide on PostgreSQL's catalog.
            try database.transaction { db in
                try Self.lockMigrations(db)
                try db.execute(create)
                if given == nil { try Self.renumber(db, to: migrations) }
            }
        } else {
            try database.execute(create)
        }
        let initial = try applied(database)
        try verify(initial, against: migrations)
        var done: [Migration] = []
        for migration in migrations where !initial.contains(where: { $0.version == migration.version }) {
            // Re-read inside the write lock: another process may have applied it meanwhile.
            let wasApplied = try database.transaction { db -> Bool in
                try Self.lockMigrations(db)
                let current = try applied(db)
                try verify(current, against: migrations)
                guard !current.contains(where: { $0.version == migration.version }) else { return true }
                do {
                    try db.execute(migration.sql)
                } catch let error as SQLiteError {
                    throw MigrationError.failed(version: migration.version, name: migration.name, reason: error.message)
                } catch let error as PostgresError where !error.isTemporary {
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

    /// Moves the records of PostgreSQL migrations applied under their old numbers to the numbers
    /// they have now (same scripts, same checksums), so such a database verifies and the empty
    /// numbers they left are applied as the next pending ones.
    private static func renumber(_ database: Database, to migrations: [Migration]) throws {
        for old in Migration.renumberedPostgres {
            guard let current = migrations.first(where: { $0.version == old.to }) else { continue }
            try database.run(
                "UPDATE schema_migrations SET version = ?, name = ? WHERE version = ? AND name = ?",
                [.integer(Int64(old.to)), .text(current.name), .integer(Int64(old.version)), .text(old.name)])
        }
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
        return migrations(for: database).filter { !done.contains($0.version) }
    }

    private func verify(_ applied: [Applied], against migrations: [Migration]) throws {
        for record in applied {
            guard let known = migrations.first(where: { $0.version == record.version }) else {
                throw MigrationError.unknownApplied(version: record.version, name: record.name)
            }
            guard known.checksum == record.checksum else {
                throw MigrationError.changedAfterApply(version: record.version, name: record.name)
            }
        }
    }

    /// Makes hosts that start at once migrate one after the other. SQLite's IMMEDIATE
    /// transaction already holds the file's write lock; PostgreSQL's DDL is not serialisable, so
    /// a transaction-scoped advisory lock (any fixed number) orders them.
    private static func lockMigrations(_ database: Database) throws {
        guard database.dialect == .postgres else { return }
        _ = try database.query("SELECT pg_advisory_xact_lock(72431)") { _ in () }
    }

    /// Migrations come in version order (`migrations(for:)`), so a repeated number stands beside
    /// its twin. Compared in place rather than through a `Set<Int>`, whose type the runtime would
    /// make at every process start, scanning every conformance in the binary for `Int: Hashable`.
    private func checkVersionsUnique(_ migrations: [Migration]) throws {
        if let (_, twin) = zip(migrations, migrations.dropFirst()).first(where: { $0.version == $1.version }) {
            throw MigrationError.duplicateVersion(twin.version)
        }
    }
}
