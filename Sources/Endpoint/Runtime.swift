import Domain
import Foundation
import Services
import Storage

/// What a process opens once at start-up and every request then uses: the database (created
/// with its folder, migrated), the KV store, the random source, the secrets, and the in-memory
/// tiers shared by requests. It builds services but no GraphQL schema, so maintenance commands
/// (`seed`, `progress rebuild`, `mail`) use it alone; `Endpoint` answers requests over one.
///
/// A serving process opens one and gives each further worker thread a `Runtime(worker:)`: its
/// own connections (a connection serves one thread at a time), everything else the process's.
public final class Runtime: Sendable {
    /// The bindings it was opened with.
    public let configuration: Configuration
    /// The process's (or worker's) connection to the database.
    let database: Database
    /// Its connection to the KV store (the file or Redis).
    let kv: KVStore
    /// Where ids and random picks come from.
    let random: any RandomSource
    /// Sign-in settings with the resolved keys.
    let settings: AuthSettings
    /// Where log lines go.
    let log: Log
    /// What services are built from besides a clock: the connections, the process's in-memory
    /// tiers, the keys and settings.
    let wiring: ServiceWiring
    /// On PostgreSQL, the process's listener for committed events (subscriptions across hosts).
    public let eventSignals: EventSignals?
    /// The services at the configured clock, built once: they are immutable values over the
    /// process's connections, so every request shares them instead of building a dozen.
    public let services: AppServices

    /// A worker's runtime beside the process's: its own connections to the database (which
    /// `process` migrated) and to the KV store; the secrets, the random source, the log, the
    /// in-memory tiers (decoded values, verified tokens, rate counters) and the event listener
    /// are `process`'s, so a process migrates once, listens once and keeps one set of caches.
    public init(worker process: Runtime) throws {
        configuration = process.configuration
        log = process.log
        database = try Self.connectDatabase(configuration)
        kv = try Self.openKV(configuration)
        (random, settings, eventSignals) = (process.random, process.settings, process.eventSignals)
        let shared = process.wiring
        wiring = ServiceWiring(
            database: database, kv: kv, memory: shared.memory, cachesInStore: shared.cachesInStore, counters: shared.counters, verifiedTokens: shared.verifiedTokens,
            cursors: shared.cursors, settings: settings, practice: shared.practice, random: random, log: log)
        services = wiring.services(clock: configuration.clock)
    }

    /// Opens and migrates the database, opens the KV store and loads (or, outside production,
    /// generates) the secrets. Fails with the reason when any of it cannot be done. The workers
    /// of one process pass one `random` source: with the seed test hook, separate sources would
    /// each start the same stream and draw the same ids.
    public init(
        configuration: Configuration, counters: RateCounters? = nil, random: (any RandomSource)? = nil, log: Log = Log()
    ) throws {
        self.configuration = configuration
        self.log = log
        let database = try Self.openDatabase(configuration)
        let kv = try Self.openKV(configuration)
        let random = random ?? configuration.makeRandomSource()
        let settings = try Secrets.settings(configuration, random: random)
        (self.database, self.kv, self.random, self.settings) = (database, kv, random, settings)
        // Behind a balancer each host would count its own budgets, so a client spreading its
        // requests over N hosts got N budgets: with Redis every budget is counted there, once,
        // the process's counters holding only its share not added yet (RateCounters.batched).
        wiring = ServiceWiring(
            database: database, kv: kv, memory: KVCache.Memory(capacity: configuration.valueCacheSize),
            cachesInStore: !(configuration.answersOneRequest && database.dialect == .sqlite), counters: counters,
            verifiedTokens: AuthService.VerifiedTokens(capacity: 1024), cursors: CursorCodec(secret: settings.dataKey),
            settings: settings, practice: configuration.practice, random: random, log: log)
        services = wiring.services(clock: configuration.clock)
        if case .postgres(let uri) = configuration.databaseLocation {
            eventSignals = try EventSignals(postgres: uri)
        } else {
            eventSignals = nil
        }
    }

    /// Opens the configured database, creating its folder, and applies pending migrations.
    public static func openDatabase(_ configuration: Configuration) throws -> Database {
        let database = try connectDatabase(configuration)
        try Migrator().migrate(database, clock: configuration.clock)
        return database
    }

    /// Opens the configured KV store: the file (creating its folder) or Redis.
    static func openKV(_ configuration: Configuration) throws -> KVStore {
        switch try KVLocation(configuration.kvPath) {
        case .file(let path):
            try KVStore(path: try createFolder(for: path), clock: configuration.clock, options: fileOptions(configuration))
        case .redis(let endpoint): try KVStore(redis: endpoint, clock: configuration.clock)
        }
    }

    /// Connects to the configured database, whichever engine its location names (creating a
    /// SQLite file's folder), without migrating it: `mirubato migrate` reports what it applies.
    public static func connectDatabase(_ configuration: Configuration) throws -> Database {
        switch configuration.databaseLocation {
        case .sqlite(let path):
            return try Database(path: try createFolder(for: path), options: fileOptions(configuration))
        case .postgres(let uri): return try Database(postgres: uri)
        }
    }

    /// How a SQLite file's write-ahead log is kept. A one-request process exits without closing
    /// its files (`mirubato handle`, CGI), so both logs stay, and the next process rebuilds each
    /// log's index by reading all of it: such processes keep the logs short and empty them at
    /// each checkpoint (`Database.Options.oneRequest`). A serving process keeps SQLite's default.
    private static func fileOptions(_ configuration: Configuration) -> Database.Options {
        configuration.answersOneRequest ? .oneRequest : Database.Options()
    }

    /// Creates the folder of a database file (0700) if needed, so personal data is reachable by
    /// the service's user only; answers the path. It never opens the file itself: `Database`
    /// creates it (0600), because a descriptor closed here would drop SQLite's locks on it.
    public static func createFolder(for path: String) throws -> String {
        let parent = folder(of: path)
        if access(parent, F_OK) != 0 {
            try FileManager.default.createDirectory(
                atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return path
    }

    /// The folder a file's path names: the text before its last slash. Not Foundation's URL,
    /// which resolves the path against the working directory first (0.1 ms of a cold `handle`).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The services at another clock (a test's clock header), over these connections.
    public func services(clock: any Clock) -> AppServices {
        wiring.services(clock: clock)
    }

    /// Loads the catalogue into the database (`mirubato seed`; idempotent).
    public func seedCatalogue() throws -> Seeder.Report {
        try Seeder(database: database, clock: configuration.clock).seed()
    }

    /// The demo-history generator over this database and its keys (`mirubato seed --demo-users`).
    public func demoData() -> DemoData {
        DemoData(database: database, cipher: FieldCipher(key: settings.dataKey, random: random), clock: configuration.clock, random: random)
    }

    /// The outbox alone, with the data key that opens its bodies (`mirubato mail`). It opens the
    /// database and the keys but not the KV: the outbox lives in the database, and an operator
    /// must be able to read and send sign-in mail while Redis is down.
    public static func mailService(_ configuration: Configuration) throws -> MailService {
        let database = try openDatabase(configuration)
        let random = configuration.makeRandomSource()
        let settings = try Secrets.settings(configuration, random: random)
        return MailService(
            database: database, clock: configuration.clock, sender: configuration.mailFrom,
            cipher: FieldCipher(key: settings.dataKey, random: random))
    }

    /// Whether the database and the KV store answer and no migration is pending (readiness).
    public func isReady() -> Bool {
        do {
            guard try Migrator().pending(database).isEmpty else { return false }
            _ = try kv.get("readiness-probe")
            return true
        } catch {
            return false
        }
    }
}
