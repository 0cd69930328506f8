import CSQLite

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

    /// The primary result code: the extended code's low byte (`SQLITE_IOERR_WRITE` is an
    /// `SQLITE_IOERR`).
    public var primaryCode: Int32 { code & 0xFF }

    /// The primary codes that mean "the storage cannot take this now, but may later": another
    /// connection held the database past the busy timeout (`SQLITE_BUSY`, `SQLITE_LOCKED`), the
    /// file is read-only, unreadable or unopenable (`SQLITE_READONLY`, `SQLITE_IOERR`,
    /// `SQLITE_CANTOPEN`), or the disk is full (`SQLITE_FULL`). The only place that decides it:
    /// `StorageFailure` answers these as `SERVICE_UNAVAILABLE`. None is retried by the code:
    /// SQLite itself waits out a busy database (its busy timeout), and a transaction it rolled
    /// back wrote nothing, so the client retries after `Retry-After`.
    public static let temporaryCodes: Set<Int32> = [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN]

    /// Whether the failure is one of `temporaryCodes`.
    public var isTemporary: Bool { Self.temporaryCodes.contains(primaryCode) }
    /// Whether a constraint (CHECK, UNIQUE, FOREIGN KEY, NOT NULL) failed.
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in \($0)" } ?? "")
    }
}
