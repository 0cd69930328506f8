/// A failure reported by PostgreSQL or by libpq. Its message may name tables and columns, so it
/// is logged, never shown to clients.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// The SQLSTATE code (`40001`, `23505`, …); `08006` when libpq lost or could not open the connection.
    public let sqlState: String
    /// The server's or libpq's message.
    public let message: String
    /// The statement that failed, if any.
    public let sql: String?

    /// Creates an error.
    public init(sqlState: String, message: String, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    /// A serialization failure or a deadlock: the transaction may simply be run again.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The server is unreachable, shutting down, starting, out of resources or read-only (a
    /// standby): the request may succeed later, and nothing was half-written.
    public var isTemporary: Bool {
        sqlState.hasPrefix("08") || sqlState.hasPrefix("53") || sqlState.hasPrefix("57P") || sqlState == "25006"
            || isRetryable
    }

    public var description: String {
        "PostgreSQL error \(sqlState): \(message)" + (sql.map { " in \($0)" } ?? "")
    }
}
