/// One statement with its parameters: what a store names to read it ahead (`Database.readAhead`)
/// and then reads with the same value.
struct Statement: Hashable {
    let sql: String
    let parameters: [SQLValue]

    init(_ sql: String, _ parameters: [SQLValue] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

extension Database {
    /// Runs `statement` and maps every result row.
    func query<T>(_ statement: Statement, _ map: (Row) throws -> T) throws -> [T] {
        try query(statement.sql, statement.parameters, map)
    }

    /// Runs `statement` and maps its first row, if any.
    func first<T>(_ statement: Statement, _ map: (Row) throws -> T) throws -> T? {
        try query(statement, map).first
    }
}
