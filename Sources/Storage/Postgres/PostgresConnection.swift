import CPostgres
import Foundation

/// One libpq connection with its prepared statements. Not thread-safe: `Database` serialises
/// every use. When the server goes away the connection is reset before the next statement, so a
/// handler reconnects by itself once PostgreSQL is back; the statement that met the outage fails
/// with a temporary error (`SERVICE_UNAVAILABLE` for the client).
final class PostgresConnection {
    private var connection: OpaquePointer
    /// The server-side name of each statement prepared on this connection, by its SQL text.
    private var prepared: [StatementKey: String] = [:]
    /// Whether the connection must be reset before its next use.
    private var broken = false

    /// Connects with a libpq connection string: a `postgres://` or `postgresql://` URI or
    /// `key=value` pairs; the `PG*` variables fill in what it leaves out.
    init(conninfo: String) throws {
        // libpq is opened here, at the first connection (a process on SQLite never loads it).
        if let reason = cpostgres_load() {
            throw PostgresError(sqlState: "08006", message: "the PostgreSQL client library cannot be loaded: \(String(cString: reason))")
        }
        guard let connection = PQconnectdb(conninfo) else {
            throw PostgresError(sqlState: "08006", message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw PostgresError(sqlState: "08006", message: message)
        }
        self.connection = connection
        // Notices (such as "relation already exists, skipping") are not errors; keep stderr clean.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    /// Runs a script of statements without parameters (migrations, transaction control).
    func execute(_ script: String) throws {
        try reconnectIfNeeded()
        guard let result = PQexec(connection, script) else { throw connectionError(sql: script) }
        _ = try checked(result, sql: script)
    }

    /// Runs one statement with its parameters, preparing it on first use.
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> PostgresResult {
        try reconnectIfNeeded()
        let name = try statementName(for: sql, count: parameters.count)
        let result: OpaquePointer? = Self.withBound(parameters) { count, values, lengths, formats in
            PQexecPrepared(connection, name, count, values, lengths, formats, 0)
        }
        guard let result else { throw connectionError(sql: sql) }
        return try checked(result, sql: sql)
    }

    /// One statement of a pipeline: prepared and bound, or (`parameters` nil) a single statement
    /// sent as it is, such as `BEGIN` or `COMMIT`.
    struct Piped {
        let sql: String
        let parameters: [SQLValue]?
    }

    /// Sends `statements` in one round trip (libpq's pipeline mode) and answers their results in
    /// order. They run one after another as if sent one by one; the first to fail is thrown once
    /// every answer is read (the ones after it did not run), and inside a transaction it leaves
    /// the transaction failed, as it would have one by one.
    func pipeline(_ statements: [Piped]) throws -> [PostgresResult] {
        try reconnectIfNeeded()
        // Preparing waits for its own answer: done first, once per connection and statement.
        let names = try statements.map { statement in
            try statement.parameters.map { try statementName(for: statement.sql, count: $0.count) }
        }
        guard PQenterPipelineMode(connection) == 1 else { throw connectionError(sql: statements.first?.sql ?? "") }
        defer { PQexitPipelineMode(connection) }
        for (statement, name) in zip(statements, names) {
            let sent: Int32 = if let name, let parameters = statement.parameters {
                Self.withBound(parameters) { count, values, lengths, formats in
                    PQsendQueryPrepared(connection, name, count, values, lengths, formats, 0)
                }
            } else {
                PQsendQueryParams(connection, statement.sql, 0, nil, nil, nil, nil, 0)
            }
            guard sent == 1 else { throw connectionError(sql: statement.sql) }
        }
        guard PQpipelineSync(connection) == 1 else { throw connectionError(sql: statements.last?.sql ?? "") }
        var results: [PostgresResult] = []
        var failure: Error?
        for statement in statements {
            // Each statement's answer is one result, then NULL.
            guard let result = PQgetResult(connection) else { throw connectionError(sql: statement.sql) }
            while let extra = PQgetResult(connection) { PQclear(extra) }
            let answer = PostgresResult(result)
            if failure == nil, PQresultStatus(result) != PGRES_PIPELINE_ABORTED {
                do { try check(result, sql: statement.sql) } catch { failure = error }
            }
            results.append(answer)
        }
        // The sync point's own result ends the round trip.
        guard let sync = PQgetResult(connection) else { throw connectionError(sql: "SYNC") }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        guard synced else { throw connectionError(sql: "SYNC") }
        if let failure { throw failure }
        return results
    }

    /// Calls `body` with `parameters` as libpq takes them: count, values, lengths and formats.
    private static func withBound<T>(
        _ parameters: [SQLValue], _ body: (Int32, [UnsafePointer<CChar>?], [Int32], [Int32]) -> T
    ) -> T {
        var values: [[UInt8]?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        values.reserveCapacity(parameters.count)
        for value in parameters {
            // Text format needs a terminating NUL; a blob goes in binary, its length given.
            let (bytes, binary): ([UInt8]?, Bool) = switch value {
            case .null: (nil, false)
            case .integer(let number): (Array(String(number).utf8) + [0], false)
            case .real(let number): (Array("\(number)".utf8) + [0], false)
            case .text(let text): (Array(text.utf8) + [0], false)
            case .blob(let bytes): (bytes, true)
            }
            values.append(bytes)
            lengths.append(Int32(bytes.map { binary ? $0.count : $0.count - 1 } ?? 0))
            formats.append(binary ? 1 : 0)
        }
        return values.withCPointers { pointers in body(Int32(parameters.count), pointers, lengths, formats) }
    }

    /// Waits up to `milliseconds` for notifications (after `LISTEN`); answers their payloads.
    /// Throws when the connection is lost (the caller reconnects and listens again).
    func notifications(waitingMilliseconds milliseconds: Int32) throws -> [String] {
        var ready = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        if poll(&ready, 1, milliseconds) < 0, errno != EINTR { throw connectionError(sql: "LISTEN") }
        guard PQconsumeInput(connection) == 1 else { throw connectionError(sql: "LISTEN") }
        var payloads: [String] = []
        while let notification = PQnotifies(connection) {
            payloads.append(String(cString: notification.pointee.extra))
            PQfreemem(notification)
        }
        return payloads
    }

    /// Whether the connection is inside a transaction block.
    var inTransaction: Bool { PQtransactionStatus(connection) != PQTRANS_IDLE }

    private func statementName(for sql: String, count: Int) throws -> String {
        if let name = prepared[StatementKey(sql)] { return name }
        let (numbered, placeholders) = PostgresPlaceholders.numbered(sql)
        guard placeholders == count else {
            throw PostgresError(sqlState: "42P02", message: "expected \(placeholders) parameters, got \(count)", sql: sql)
        }
        let name = "s\(prepared.count + 1)"
        guard let result = PQprepare(connection, name, numbered, Int32(count), nil) else { throw connectionError(sql: sql) }
        _ = try checked(result, sql: sql)
        prepared[StatementKey(sql)] = name
        return name
    }

    /// The result, owned (freed when dropped), or its error thrown; a lost connection is marked for a reset.
    private func checked(_ result: OpaquePointer, sql: String) throws -> PostgresResult {
        let answer = PostgresResult(result)
        try withExtendedLifetime(answer) { try check(result, sql: sql) }
        return answer
    }

    private func check(_ result: OpaquePointer, sql: String) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "08006"
            let message = Self.trimmed(String(cString: PQresultErrorMessage(result)))
            if PQstatus(connection) != CONNECTION_OK { broken = true }
            throw PostgresError(sqlState: state, message: message, sql: sql)
        }
    }

    private func connectionError(sql: String) -> PostgresError {
        broken = true
        return PostgresError(sqlState: "08006", message: Self.trimmed(String(cString: PQerrorMessage(connection))), sql: sql)
    }

    /// After an outage: reconnect, forgetting the statements prepared on the old session.
    private func reconnectIfNeeded() throws {
        guard broken || PQstatus(connection) != CONNECTION_OK else { return }
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw PostgresError(sqlState: "08006", message: Self.trimmed(String(cString: PQerrorMessage(connection))))
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        prepared = [:]
        broken = false
    }

    /// libpq's message on one line (its hints come on lines of their own).
    private static func trimmed(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
