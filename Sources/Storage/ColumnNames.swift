import CSQLite

/// The result columns of a prepared statement by name, read once when it is prepared: rows are
/// decoded by column name, so a SELECT whose columns are reordered still maps each value to its
/// field, and one that lacks a column fails instead of shifting values.
final class ColumnNames: Sendable {
    private let indexes: [String: Int32]

    /// The columns of `statement` as SQLite names them (the alias, or the column's own name).
    init(statement: OpaquePointer) {
        var indexes: [String: Int32] = [:]
        for index in 0..<sqlite3_column_count(statement) {
            if let name = sqlite3_column_name(statement, index) { indexes[String(cString: name)] = index }
        }
        self.indexes = indexes
    }

    /// The position of the column named `name`; nil when the statement selects none.
    func index(of name: String) -> Int32? { indexes[name] }
}
