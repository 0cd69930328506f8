import CSQLite
import Domain
import Foundation

/// One SQLite connection with its prepared-statement cache and its checkpoint hook. Not
/// thread-safe: `Database` serialises every use of a connection of its own, and the write gate
/// every use of the process's writer connection.
final class SQLiteConnection {
    let handle: OpaquePointer
    /// The process's writer to the file, which runs this connection's write transactions; nil
    /// for that writer itself (its gate owns it).
    let writeGate: WriteGate?
    /// Whether the connection was opened read-only.
    let isReadOnly: Bool
    /// Each statement prepared once, with its result columns by name.
    private var statements: [StatementKey: (statement: OpaquePointer, columns: ColumnNames)] = [:]
    /// Who hears each statement's expanded text (tests count statements).
    var tracer: (@Sendable (String) -> Void)?

    /// Opens (creating if needed) the database at `path` in WAL mode with foreign keys enforced.
    /// A file it creates is readable by the service's user only (0600); SQLite gives the `-wal`
    /// and `-shm` files it makes later the same mode.
    convenience init(path: String, options: Database.Options) throws {
        // An in-memory database is private to its connection: a writer connection would open
        // another one, so its transactions run on the connection itself.
        let inMemory = path.isEmpty || path == ":memory:" || path.hasPrefix("file::memory:") || path.containsBytes(of: "mode=memory")
        try self.init(path: path, options: options, gate: inMemory ? nil : WriteGate.gate(for: path, options: options), owned: true)
    }

    /// Opens the writer connection of `gate`.
    convenience init(path: String, options: Database.Options, writerOf gate: WriteGate) throws {
        try self.init(path: path, options: options, gate: gate, owned: false)
    }

    private init(path: String, options: Database.Options, gate: WriteGate?, owned: Bool) throws {
        // Never open a descriptor of our own on the file to create it or set its mode: on Linux,
        // closing any descriptor on a file drops every POSIX lock this process holds on it,
        // SQLite's included, and another process then checkpoints and unlinks the live WAL.
        // `access` and `chmod` work by path and touch no locks.
        let created = !options.readOnly && access(path, F_OK) != 0
        Self.configureLibrary
        var handle: OpaquePointer?
        let flags = (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            sqlite3_close_v2(handle)
            throw SQLiteError(code: status, message: message)
        }
        if created { chmod(path, 0o600) }
        self.handle = handle
        writeGate = owned ? gate : nil
        isReadOnly = options.readOnly
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, options.busyTimeoutMilliseconds)
        // WAL lets readers run beside one writer; NORMAL sync is durable across application
        // crashes and loses at most the last transactions on power loss.
        try execute("""
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = NORMAL;
            PRAGMA temp_store = MEMORY;
            """)
        if !options.readOnly {
            try execute("PRAGMA journal_mode = WAL;")
            if let gate { installCheckpointHook(gate) }
            if !options.checkpointsOnClose { csqlite_keep_log_on_close(handle) }
        }
    }

    /// What the process sets in SQLite once, before its first connection opens it.
    private static let configureLibrary: Void = {
        _ = csqlite_skip_memory_statistics()
    }()

    deinit {
        for (statement, _) in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs a script of one or more statements without parameters.
    func execute(_ script: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, script, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text)
        }
    }

    /// Runs one statement without parameters or rows (`BEGIN`, `COMMIT`, a savepoint), prepared
    /// once: `execute` parses its text every time.
    func run(_ sql: String) throws {
        _ = try query(sql, []) { _ in () }
    }

    /// Runs one statement with bound parameters and maps every result row.
    func query<T>(_ sql: String, _ parameters: [SQLValue], _ map: (Row) throws -> T) throws -> [T] {
        let (statement, columns) = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try bind(parameters, to: statement, sql: sql)
        var results: [T] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return results }
            guard status == SQLITE_ROW else { throw error(sql: sql) }
            results.append(try map(Row(statement: statement, columns: columns)))
        }
    }

    /// Rows the last statement changed.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Whether no transaction is open.
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// SQLite checkpoints inside the commit that fills the log. The hook (which replaces
    /// SQLite's automatic checkpoint) only tells the gate, which outlives every connection to the
    /// file, the log's size: the gate checkpoints after its commit (`WriteGate.checkpoint`), and
    /// a connection of its own after a write outside a transaction (`checkpointIfDue`). Same
    /// threshold, same PASSIVE mode, same durability as SQLite's own.
    private func installCheckpointHook(_ gate: WriteGate) {
        sqlite3_wal_hook(handle, { context, _, _, pages in
            if let context { Unmanaged<WriteGate>.fromOpaque(context).takeUnretainedValue().noteLog(pages: Int(pages)) }
            return SQLITE_OK
        }, Unmanaged.passUnretained(gate).toOpaque())
    }

    /// Checkpoints on this connection when a commit filled the log (after a write of its own
    /// outside a transaction).
    func checkpointIfDue() {
        guard let writeGate, writeGate.takeCheckpointDue() else { return }
        writeGate.checkpoint(handle)
    }

    /// Calls `observer` with the text of every statement the connection runs, or stops when nil.
    func trace(_ observer: (@Sendable (String) -> Void)?) {
        tracer = observer
        if observer == nil {
            sqlite3_trace_v2(handle, 0, nil, nil)
            return
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_trace_v2(handle, UInt32(SQLITE_TRACE_STMT), { _, context, statement, _ in
            guard let context, let statement else { return 0 }
            let connection = Unmanaged<SQLiteConnection>.fromOpaque(context).takeUnretainedValue()
            if let sql = sqlite3_expanded_sql(OpaquePointer(statement)) {
                connection.tracer?(String(cString: sql))
                sqlite3_free(sql)
            }
            return 0
        }, context)
    }

    private func prepared(_ sql: String) throws -> (statement: OpaquePointer, columns: ColumnNames) {
        let key = StatementKey(sql)
        if let cached = statements[key] { return cached }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else { throw error(sql: sql) }
        let prepared = (statement, ColumnNames(statement: statement))
        statements[key] = prepared
        return prepared
    }

    private func bind(_ parameters: [SQLValue], to statement: OpaquePointer, sql: String) throws {
        guard Int(sqlite3_bind_parameter_count(statement)) == parameters.count else {
            throw SQLiteError(code: SQLITE_RANGE, message: "expected \(sqlite3_bind_parameter_count(statement)) parameters, got \(parameters.count)", sql: sql)
        }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text):
                // With its byte length: a NUL inside the text is stored, not taken as its end.
                var text = text
                status = text.withUTF8 { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        // An empty text still needs a pointer: a null one would bind NULL.
                        guard let start = chars.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, csqlite_transient()) }
                        return sqlite3_bind_text(statement, index, start, Int32(chars.count), csqlite_transient())
                    }
                }
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), csqlite_transient())
                }
            }
            guard status == SQLITE_OK else { throw error(sql: sql) }
        }
    }

    private func error(sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
