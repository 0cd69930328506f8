/// A failure reported by SQLite. Its message may name tables and columns, so it is logged,
/// never shown to clients.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's extended result code.
    public let code: Int32
    /// SQLite's message.
    public let message: String
    /// The statement that failed, if any.
    public let sql: String?

    /// Creates an error.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// Whether the database was busy or locked by another connection.
    public var isBusy: Bool { code & 0xFF == 5 || code & 0xFF == 6 }
    /// Whether a constraint (CHECK, UNIQUE, FOREIGN KEY, NOT NULL) failed.
    public var isConstraint: Bool { code & 0xFF == 19 }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in \($0)" } ?? "")
    }
}
