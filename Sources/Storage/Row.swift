import CSQLite
import Domain

/// The current row of a stepping statement; valid only inside the closure that receives it.
public struct Row {
    /// The statement positioned on this row.
    let statement: OpaquePointer
    /// Its result columns by name (`Row+Names`).
    let columns: ColumnNames?

    /// Wraps the current row of a statement.
    init(statement: OpaquePointer, columns: ColumnNames? = nil) {
        self.statement = statement
        self.columns = columns
    }

    /// Whether column `index` is NULL.
    public func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    /// Column `index` as text, or nil when NULL.
    public func string(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` as an integer, or nil when NULL.
    public func integer(_ index: Int32) -> Int? {
        isNull(index) ? nil : Int(sqlite3_column_int64(statement, index))
    }

    /// Column `index` as a 64-bit integer, or nil when NULL.
    public func int64(_ index: Int32) -> Int64? {
        isNull(index) ? nil : sqlite3_column_int64(statement, index)
    }

    /// Column `index` as a double, or nil when NULL.
    public func double(_ index: Int32) -> Double? {
        isNull(index) ? nil : sqlite3_column_double(statement, index)
    }

    /// Column `index` as an ISO-8601 timestamp, or nil when NULL or not a timestamp.
    public func timestamp(_ index: Int32) -> Timestamp? {
        string(index).flatMap(Timestamp.init(iso8601:))
    }

    /// Column `index` as a boolean (non-zero is true), or nil when NULL.
    public func bool(_ index: Int32) -> Bool? {
        isNull(index) ? nil : sqlite3_column_int64(statement, index) != 0
    }

    /// Column `index` as bytes, or nil when NULL.
    public func blob(_ index: Int32) -> [UInt8]? {
        guard !isNull(index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let pointer = sqlite3_column_blob(statement, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

extension Row {
    /// Number of columns in the result.
    public var columnCount: Int32 { sqlite3_column_count(statement) }

    /// Name of column `index` as selected.
    public func columnName(_ index: Int32) -> String {
        sqlite3_column_name(statement, index).map { String(cString: $0) } ?? ""
    }

    /// Column `index` with its stored type.
    public func value(_ index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: .text(string(index) ?? "")
        case SQLITE_BLOB: .blob(blob(index) ?? [])
        default: .null
        }
    }
}

extension Row {
    /// How many columns the row has.
    public var count: Int32 { sqlite3_column_count(statement) }
}
