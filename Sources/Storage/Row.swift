import CSQLite
import Domain

/// The current row of a statement's answer; valid only inside the closure that receives it.
public struct Row {
    /// Where the values are.
    enum Source {
        /// A SQLite statement positioned on the row.
        case sqlite(OpaquePointer)
        /// Row `row` of a PostgreSQL answer.
        case postgres(PostgresResult, row: Int32)
    }

    let source: Source
    /// Its result columns by name (`Row+Names`).
    let columns: ColumnNames?

    /// Wraps the current row of a SQLite statement.
    init(statement: OpaquePointer, columns: ColumnNames? = nil) {
        source = .sqlite(statement)
        self.columns = columns
    }

    /// Wraps one row of a PostgreSQL answer.
    init(result: PostgresResult, row: Int32, columns: ColumnNames?) {
        source = .postgres(result, row: row)
        self.columns = columns
    }

    /// Whether column `index` is NULL.
    public func isNull(_ index: Int32) -> Bool {
        switch source {
        case .sqlite(let statement): sqlite3_column_type(statement, index) == SQLITE_NULL
        case .postgres(let result, let row): result.isNull(row, index)
        }
    }

    /// Column `index` as text, or nil when NULL.
    public func string(_ index: Int32) -> String? {
        switch source {
        case .sqlite(let statement):
            guard let pointer = sqlite3_column_text(statement, index) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, index))
            return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
        case .postgres(let result, let row):
            return result.text(row, index)
        }
    }

    /// Column `index` as an integer, or nil when NULL.
    public func integer(_ index: Int32) -> Int? {
        int64(index).map(Int.init)
    }

    /// Column `index` as a 64-bit integer, or nil when NULL.
    public func int64(_ index: Int32) -> Int64? {
        switch source {
        case .sqlite(let statement): isNull(index) ? nil : sqlite3_column_int64(statement, index)
        case .postgres(let result, let row): result.integer(row, index).map(Int64.init)
        }
    }

    /// Column `index` as a double, or nil when NULL.
    public func double(_ index: Int32) -> Double? {
        switch source {
        case .sqlite(let statement): isNull(index) ? nil : sqlite3_column_double(statement, index)
        case .postgres(let result, let row): result.double(row, index)
        }
    }

    /// Column `index` as an ISO-8601 timestamp, or nil when NULL or not a timestamp.
    public func timestamp(_ index: Int32) -> Timestamp? {
        string(index).flatMap(Timestamp.init(iso8601:))
    }

    /// Column `index` as a boolean (non-zero is true), or nil when NULL.
    public func bool(_ index: Int32) -> Bool? {
        int64(index).map { $0 != 0 }
    }

    /// Column `index` as bytes, or nil when NULL.
    public func blob(_ index: Int32) -> [UInt8]? {
        switch source {
        case .sqlite(let statement):
            guard !isNull(index) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let pointer = sqlite3_column_blob(statement, index) else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: count))
        case .postgres(let result, let row):
            return result.bytes(row, index)
        }
    }
}

extension Row {
    /// Number of columns in the result.
    public var columnCount: Int32 {
        switch source {
        case .sqlite(let statement): sqlite3_column_count(statement)
        case .postgres(let result, _): result.columnCount
        }
    }

    /// Name of column `index` as selected.
    public func columnName(_ index: Int32) -> String {
        switch source {
        case .sqlite(let statement): sqlite3_column_name(statement, index).map { String(cString: $0) } ?? ""
        case .postgres(let result, _): result.columnName(index)
        }
    }

    /// Column `index` with its stored type (PostgreSQL's text answers read by the column's type).
    public func value(_ index: Int32) -> SQLValue {
        switch source {
        case .sqlite(let statement):
            switch sqlite3_column_type(statement, index) {
            case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, index))
            case SQLITE_FLOAT: .real(sqlite3_column_double(statement, index))
            case SQLITE_TEXT: .text(string(index) ?? "")
            case SQLITE_BLOB: .blob(blob(index) ?? [])
            default: .null
            }
        case .postgres(let result, let row):
            result.value(row, index)
        }
    }
}

extension Row {
    /// How many columns the row has.
    public var count: Int32 { columnCount }
}
