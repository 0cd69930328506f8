import Domain
import Endpoint
import Foundation
import Services
import Storage
import Testing

/// Fresh databases for tests: a migrated and seeded template is made once per process and copied
/// for each test, so every test starts from the same real database. With `MIRUBATO_TEST_POSTGRES`
/// set (a libpq URI to a server the test run started, `scripts/backends.py`) the template and
/// the copies are PostgreSQL databases (`CREATE DATABASE … TEMPLATE …`); else SQLite files.
enum TestDatabase {
    /// The server the suite runs against instead of SQLite, when it does.
    static let postgresURI = ProcessInfo.processInfo.environment["MIRUBATO_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether the suite runs against PostgreSQL (tests of SQLite's own behaviour are skipped).
    static var usesPostgres: Bool { postgresURI != nil }

    /// The Redis server the suite keeps its KV caches on instead of files, when it does
    /// (`MIRUBATO_TEST_REDIS`); each test gets a namespace of its own on it.
    static let redisURL = ProcessInfo.processInfo.environment["MIRUBATO_TEST_REDIS"].flatMap { $0.isEmpty ? nil : $0 }

    /// A fresh, empty KV cache location: a file in a new folder, or a new namespace on Redis.
    static func freshKV() -> String {
        guard let url = redisURL else { return makeFolder() + "/kv.db" }
        return url + (url.contains("?") ? "&" : "?") + "prefix=t" + UUID().uuidString.prefix(12).lowercased() + ":"
    }

    /// The instant tests run at (`MIRUBATO_NOW`).
    static let now = Timestamp(iso8601: "2026-01-15T09:30:00Z")!
    /// The access-token secret tests run with.
    static let jwtSecret = "test-secret-for-golden-files-only-0123456789"
    /// The data key tests run with (32 bytes, hex).
    static let dataKey = String(repeating: "0123456789abcdef", count: 4)

    /// The random seed tests run with (`MIRUBATO_RANDOM_SEED`).
    static let seed: UInt64 = 42

    private static let template: String = {
        if let server = postgresURI { return postgresTemplate(server: server) }
        let folder = makeFolder()
        let path = folder + "/template.db"
        do {
            let database = try Database(path: path)
            try Migrator().migrate(database, clock: FixedClock(now))
            try Seeder(database: database, clock: FixedClock(now)).seed()
            // Fold the WAL into the main file so a plain copy holds everything.
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {
            fatalError("cannot build the test database template: \(error)")
        }
        return path
    }()

    /// A new empty folder under the system's temporary folder.
    static func makeFolder() -> String {
        let path = NSTemporaryDirectory() + "mirubato-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Paths of a fresh copy of the seeded database and an empty KV file (on PostgreSQL, the
    /// copy's URI and a KV file path).
    static func freshCopy() throws -> (database: String, kv: String) {
        if let server = postgresURI {
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try adminDatabase(server).execute("CREATE DATABASE \(name) TEMPLATE \(template)")
            return (uri(server, database: name), freshKV())
        }
        let folder = makeFolder()
        let database = folder + "/mirubato.db"
        try FileManager.default.copyItem(atPath: template, toPath: database)
        return (database, redisURL == nil ? folder + "/kv.db" : freshKV())
    }

    /// The environment a golden case runs under, in-process and in the binary. A golden batch
    /// shares one time limit, and the suite runs its tests in parallel on few cores, GraphQLSwift's
    /// slow executor among them: the limit is a minute, so only the timeout tests time out.
    static func environment(database: String, kv: String) -> [String: String] {
        ["MIRUBATO_DB": database, "MIRUBATO_KV": kv, "MIRUBATO_ENV": "test",
         "MIRUBATO_NOW": now.iso8601, "MIRUBATO_RANDOM_SEED": String(seed),
         "MIRUBATO_JWT_SECRET": jwtSecret, "MIRUBATO_DATA_KEY": dataKey, "MIRUBATO_REQUEST_TIMEOUT_MS": "60000"]
    }

    /// An endpoint over a fresh seeded copy.
    static func endpoint() throws -> Endpoint {
        let paths = try freshCopy()
        return try Endpoint(
            configuration: Configuration(environment: environment(database: paths.database, kv: paths.kv)),
            log: Log(isEnabled: false))
    }

    /// The URI of a new, empty (unmigrated) PostgreSQL database on the test server.
    static func emptyPostgresDatabase() throws -> String {
        guard let server = postgresURI else { throw TestFailure("no PostgreSQL test server") }
        let name = "e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try adminDatabase(server).execute("CREATE DATABASE \(name)")
        return uri(server, database: name)
    }

    /// The path of a new SQLite file, migrated and seeded like the template.
    static func seededSQLiteFile() throws -> String {
        let path = makeFolder() + "/source.db"
        let database = try Database(path: path)
        try Migrator().migrate(database, clock: FixedClock(now))
        try Seeder(database: database, clock: FixedClock(now)).seed()
        return path
    }

    /// Opens a fresh copy, whichever engine the suite runs on.
    static func freshDatabase() throws -> Database {
        try Database(DatabaseLocation(try freshCopy().database))
    }

    /// Builds the PostgreSQL template once: a database of this process's own, migrated and seeded.
    private static func postgresTemplate(server: String) -> String {
        let name = "template_\(getpid())_" + UUID().uuidString.prefix(8).lowercased()
        do {
            let admin = try adminDatabase(server)
            try admin.execute("CREATE DATABASE \(name)")
            do {
                let database = try Database(postgres: uri(server, database: name))
                try Migrator().migrate(database, clock: FixedClock(now))
                try Seeder(database: database, clock: FixedClock(now)).seed()
            }
            // Copies are made from it; nobody may stay connected to a template.
            return name
        } catch {
            fatalError("cannot build the PostgreSQL test template: \(error)")
        }
    }

    /// A connection to the server's maintenance database, for CREATE DATABASE.
    private static func adminDatabase(_ server: String) throws -> Database {
        try Database(postgres: uri(server, database: "postgres"))
    }

    /// `server` with its database name replaced.
    private static func uri(_ server: String, database: String) -> String {
        guard var components = URLComponents(string: server) else { return server }
        components.path = "/" + database
        return components.string ?? server
    }
}

extension TestDatabase {
    /// Makes the connection refuse writes (as a read-only disk or a standby would) or accept them again.
    static func setReadOnly(_ database: Database, _ readOnly: Bool) throws {
        switch database.dialect {
        case .sqlite: try database.configureEveryConnection("PRAGMA query_only = \(readOnly ? "ON" : "OFF")")
        case .postgres: try database.execute("SET default_transaction_read_only = \(readOnly ? "on" : "off")")
        }
    }

    /// The columns of `table` declared NOT NULL (or part of the primary key), from the engine's catalog.
    static func requiredColumns(_ table: String, in database: Database) throws -> Set<String> {
        let catalog = switch database.dialect {
        case .sqlite: "SELECT name FROM pragma_table_info(?) WHERE \"notnull\" OR pk"
        case .postgres: "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_nullable = 'NO'"
        }
        return Set(try database.query(catalog, [.text(table)]) { $0.string(0) ?? "" })
    }
}

extension Trait where Self == ConditionTrait {
    /// For tests of SQLite's own behaviour (its files, pragmas, query plans, backup API): skipped
    /// when the suite runs on PostgreSQL.
    static var sqliteOnly: Self { .enabled(if: !TestDatabase.usesPostgres, "a test of SQLite's own behaviour") }

    /// For tests of the KV file's own housekeeping: skipped when the suite keeps KV on Redis.
    static var kvFileOnly: Self { .enabled(if: TestDatabase.redisURL == nil, "a test of the KV file's own behaviour") }

    /// For tests of what several hosts share through Redis: skipped on the KV file.
    static var redisOnly: Self { .enabled(if: TestDatabase.redisURL != nil, "a test of what hosts share through Redis") }
}
