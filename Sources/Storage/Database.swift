import Domain
import Foundation

/// One connection to the database, on either engine: a SQLite file (the embedded default) or a
/// PostgreSQL server. The stores see one API; SQL that differs by engine asks `dialect`.
///
/// All access is serialised by a recursive lock, so resolvers running concurrently can share the
/// request's connection and a transaction's body can call back into it.
public final class Database: @unchecked Sendable {
    /// How a SQLite connection is opened.
    public struct Options: Sendable {
        /// How long a writer waits for another connection's lock, in milliseconds.
        public var busyTimeoutMilliseconds: Int32 = 5000
        /// Open read-only (no migrations can run).
        public var readOnly = false
        /// Whether closing the connection checkpoints the write-ahead log and removes it, as
        /// SQLite does by default (so a cleanly closed database is one file). Off for the KV
        /// file, whose log may stay: nobody copies a cache.
        public var checkpointsOnClose = true
        /// How many pages the write-ahead log may hold before a commit checkpoints it: SQLite's
        /// own 1,000 by default. A process opening a file that no other process has open
        /// rebuilds its log's index by reading the whole log, so a file that per-request
        /// processes write and keep the log of checkpoints much sooner (`oneRequest`).
        public var checkpointPages = 1000
        /// Whether a checkpoint also empties the log once it has copied all of it (TRUNCATE,
        /// without waiting: while another process reads, it only copies, and a later one
        /// empties). For a file that processes write and exit without closing: the next process
        /// rebuilds the log's index from the log itself and forgets what was copied, so a log
        /// that is only ever copied grows with every process, each of which reads all of it at
        /// start and copies it all again (and syncs) at its commit.
        public var emptiesLog = false

        /// The defaults: read-write, 5 s busy timeout.
        public init() {}

        /// For a file written by processes that each answer one request and exit without
        /// closing it (`mirubato handle`, CGI): a log of at most 64 pages, emptied at each
        /// checkpoint, so the next process reads little of it to rebuild its index.
        public static var oneRequest: Options {
            var options = Options()
            options.checkpointPages = 64
            options.emptiesLog = true
            return options
        }
    }

    /// The engine behind the connection.
    enum Connection {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }

    let connection: Connection
    /// The process's writer connection to the SQLite file while this connection's write
    /// transaction runs on it (`WriteGate`): every statement goes there meanwhile.
    private var writing: SQLiteConnection?
    /// Who hears each SQLite statement's text, on this connection or the writer.
    private(set) var sqliteTracer: (@Sendable (String) -> Void)?
    private let lock = NSRecursiveLock()
    /// How deep the open savepoints nest.
    var savepointDepth = 0
    /// Result columns by name of each PostgreSQL statement, read from its first answer.
    private var postgresColumns: [StatementKey: ColumnNames] = [:]
    /// PostgreSQL statements whose answers nobody reads (`send`, a transaction's `BEGIN`), to go
    /// with the connection's next round trip.
    private var unsent: [PostgresConnection.Piped] = []
    /// Whether `unsent` opens the transaction: it is open for the callers, not yet for libpq.
    private var beginUnsent = false
    /// Answers read ahead (`readAhead`), each taken by the first query of the same statement.
    private var answersAhead: [Statement: PostgresResult] = [:]
    /// Who hears each PostgreSQL statement's text (SQLite's connection traces itself).
    private var postgresTracer: (@Sendable (String) -> Void)?
    /// Who hears of each PostgreSQL transaction run again after a serialization failure or a
    /// deadlock (the error and the attempt about to start): `/metrics` counts them, the log
    /// names them.
    var retryObserver: (@Sendable (PostgresError, Int) -> Void)?
    /// Transactions this connection ran again (see `retryObserver`).
    public private(set) var retries = 0
    /// Round trips to the PostgreSQL server (a pipeline counts one); 0 on SQLite.
    public private(set) var roundTrips = 0
    /// The SQLite file, or the PostgreSQL URI with its password hidden.
    public let path: String

    /// Which SQL the connection speaks.
    public var dialect: SQLDialect {
        switch connection {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Opens (creating if needed) the SQLite database at `path` in WAL mode with foreign keys enforced.
    public init(path: String, options: Options = Options()) throws {
        connection = .sqlite(try SQLiteConnection(path: path, options: options))
        self.path = path
    }

    /// Connects to PostgreSQL with a libpq URI (`postgres://…`; the `PG*` variables fill in the rest).
    public init(postgres uri: String) throws {
        connection = .postgres(try PostgresConnection(conninfo: uri))
        path = DatabaseLocation.postgres(uri: uri).displayName
    }

    /// Opens the database at a location.
    public convenience init(_ location: DatabaseLocation, options: Options = Options()) throws {
        switch location {
        case .sqlite(let path): try self.init(path: path, options: options)
        case .postgres(let uri): try self.init(postgres: uri)
        }
    }

    /// Runs a script of one or more statements without parameters (migrations, pragmas).
    public func execute(_ script: String) throws {
        try locked {
            switch connection {
            case .sqlite(let own): try (writing ?? own).execute(script)
            case .postgres(let postgres):
                postgresTracer?(script)
                answersAhead.removeAll()
                if !unsent.isEmpty, !script.containsBytes(of: ";") {
                    _ = try sendUnsent(on: postgres, with: [.init(sql: script, parameters: nil)])
                } else {
                    // Several statements go by the simple protocol, which a pipeline cannot carry:
                    // what waits goes first.
                    if !unsent.isEmpty { _ = try sendUnsent(on: postgres, with: []) }
                    roundTrips += 1
                    try postgres.execute(script)
                }
            }
        }
    }

    /// Runs one statement with bound parameters and maps every result row.
    public func query<T>(_ sql: String, _ parameters: [SQLValue] = [], _ map: (Row) throws -> T) throws -> [T] {
        let timings = StatementTimings.current
        let started = timings == nil ? 0 : DispatchTime.now().uptimeNanoseconds
        defer { timings?.record(sql, start: started) }
        return try locked {
            switch connection {
            case .sqlite(let own):
                return try (writing ?? own).query(sql, parameters, map)
            case .postgres(let postgres):
                let result: PostgresResult
                if let ahead = answersAhead.removeValue(forKey: Statement(sql, parameters)) {
                    result = ahead
                } else {
                    postgresTracer?(sql)
                    // Whatever it is (an UPDATE … RETURNING too), answers read before it may be stale.
                    answersAhead.removeAll()
                    result = try sendUnsent(on: postgres, with: [.init(sql: sql, parameters: parameters)])[0]
                }
                let key = StatementKey(sql)
                let columns: ColumnNames
                if let known = postgresColumns[key] {
                    columns = known
                } else {
                    columns = ColumnNames(names: (0..<result.columnCount).map(result.columnName))
                    postgresColumns[key] = columns
                }
                return try (0..<result.rowCount).map { try map(Row(result: result, row: $0, columns: columns)) }
            }
        }
    }

    /// Runs one statement and maps its first row, if any.
    public func first<T>(_ sql: String, _ parameters: [SQLValue] = [], _ map: (Row) throws -> T) throws -> T? {
        try query(sql, parameters, map).first
    }

    /// Runs one statement that returns no rows; answers the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
        try locked {
            switch connection {
            case .sqlite(let own):
                let sqlite = writing ?? own
                _ = try query(sql, parameters) { _ in () }
                if sqlite.isAutocommit { own.checkpointIfDue() }
                return sqlite.changes
            case .postgres(let postgres):
                postgresTracer?(sql)
                answersAhead.removeAll()
                return try sendUnsent(on: postgres, with: [.init(sql: sql, parameters: parameters)])[0].changes
            }
        }
    }

    /// Runs a statement whose outcome (rows, or the number changed) nobody reads. Inside a
    /// PostgreSQL transaction it waits to go with the next statement that needs an answer, in one
    /// round trip; an error it meets is thrown there, and fails the transaction as it would have
    /// here. Elsewhere it runs at once.
    public func send(_ sql: String, _ parameters: [SQLValue] = []) throws {
        try locked {
            guard case .postgres(let postgres) = connection, beginUnsent || postgres.inTransaction else {
                _ = try run(sql, parameters)
                return
            }
            postgresTracer?(sql)
            answersAhead.removeAll()
            unsent.append(.init(sql: sql, parameters: parameters))
        }
    }

    /// Reads `statements` in one round trip on PostgreSQL (with what waits to be sent), keeping
    /// each answer for the first `query` of the same statement and parameters that follows before
    /// anything else reaches the server; on SQLite, where a statement costs no round trip,
    /// nothing, and the statements are not even built. A store reads ahead what its next calls
    /// will read.
    func readAhead(_ makeStatements: @autoclosure () -> [Statement]) throws {
        try locked {
            guard case .postgres(let postgres) = connection else { return }
            let statements = makeStatements()
            guard !statements.isEmpty else { return }
            statements.forEach { postgresTracer?($0.sql) }
            answersAhead.removeAll()
            let results = try sendUnsent(on: postgres, with: statements.map { .init(sql: $0.sql, parameters: $0.parameters) })
            for (statement, result) in zip(statements, results) { answersAhead[statement] = result }
        }
    }

    /// Sends what waits, then `statements`, in one round trip (a lone bound statement without a
    /// pipeline); answers the results of `statements`.
    private func sendUnsent(on postgres: PostgresConnection, with statements: [PostgresConnection.Piped]) throws -> [PostgresResult] {
        roundTrips += 1
        if unsent.isEmpty, statements.count == 1, let parameters = statements[0].parameters {
            return [try postgres.query(statements[0].sql, parameters)]
        }
        let piped = unsent + statements
        unsent = []
        beginUnsent = false
        return Array(try postgres.pipeline(piped).suffix(statements.count))
    }

    /// Opens a PostgreSQL transaction with `begin`, sent with its first statement; false on SQLite.
    func beginWithFirstStatement(_ begin: String) -> Bool {
        locked {
            guard case .postgres = connection, unsent.isEmpty else { return false }
            postgresTracer?(begin)
            unsent = [.init(sql: begin, parameters: nil)]
            beginUnsent = true
            return true
        }
    }

    /// Drops what waits to be sent (the transaction it belongs to is being rolled back); answers
    /// whether that held the transaction's `BEGIN`, so that nothing reached the server.
    func dropUnsent() -> Bool {
        locked {
            let begun = beginUnsent
            unsent = []
            beginUnsent = false
            answersAhead.removeAll()
            return begun
        }
    }

    /// Whether a transaction is open, for the callers (its `BEGIN` may still wait to be sent).
    var inTransaction: Bool {
        locked {
            switch connection {
            case .sqlite(let own): !(writing ?? own).isAutocommit
            case .postgres(let postgres): beginUnsent || postgres.inTransaction
            }
        }
    }

    /// Calls `observer` with each transaction the connection runs again, the error that ended the
    /// last attempt and the number of the next; nil stops.
    public func observeRetries(_ observer: (@Sendable (PostgresError, Int) -> Void)?) {
        locked { retryObserver = observer }
    }

    /// Notes a transaction about to run again.
    func noteRetry(_ error: PostgresError, attempt: Int) {
        retries += 1
        retryObserver?(error, attempt)
    }

    /// Calls `observer` with the text of every statement the connection runs, or stops when nil.
    /// Tests use it to count statements.
    public func trace(_ observer: (@Sendable (String) -> Void)?) {
        locked {
            switch connection {
            case .sqlite(let own):
                sqliteTracer = observer
                own.trace(observer)
            case .postgres: postgresTracer = observer
            }
        }
    }

    /// On SQLite, the write transactions this process ran on the file and the commits that made
    /// them durable (fewer when queued writers shared one, `WriteGate`); nil on PostgreSQL.
    public var writeTally: (transactions: Int, commits: Int)? {
        locked {
            guard case .sqlite(let own) = connection else { return nil }
            return own.writeGate?.tally
        }
    }

    /// Runs a connection's setting (a `PRAGMA`) on this connection and, on SQLite, on the
    /// process's writer connection to the file, which runs this connection's write transactions.
    public func configureEveryConnection(_ setting: String) throws {
        try execute(setting)
        try locked {
            guard case .sqlite(let own) = connection, let gate = own.writeGate, !own.isReadOnly else { return }
            try gate.configureWriter(setting)
        }
    }

    /// Runs `body` with every statement going to `writer` (the process's writer connection,
    /// inside its write transaction).
    func writing<T>(on writer: SQLiteConnection, _ body: () throws -> T) rethrows -> T {
        try locked {
            writing = writer
            defer { writing = nil }
            return try body()
        }
    }

    /// Runs `body` with the raw SQLite connection, under the connection's lock; nil on PostgreSQL.
    func withSQLite<T>(_ body: (SQLiteConnection) throws -> T) rethrows -> T? {
        try locked {
            guard case .sqlite(let sqlite) = connection else { return nil }
            return try body(sqlite)
        }
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
