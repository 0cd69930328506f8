/// The SQL a connection speaks. Stores write one statement for both where they can; where the
/// engines differ, the store's SQL for each lives in one place and this says which to send.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The rows of a JSON array of strings (a bound `?` or a column) as a one-column table named
    /// `value`: SQLite's `json_each`, PostgreSQL's `json_array_elements_text`.
    public func jsonValues(_ expression: String) -> String {
        switch self {
        case .sqlite: "json_each(\(expression))"
        case .postgres: "json_array_elements_text(CAST(\(expression) AS json))"
        }
    }

    /// Whether `needle` occurs in `haystack` (SQLite's `instr`, PostgreSQL's `strpos`).
    public func contains(_ haystack: String, _ needle: String) -> String {
        switch self {
        case .sqlite: "instr(\(haystack), \(needle)) > 0"
        case .postgres: "strpos(\(haystack), \(needle)) > 0"
        }
    }

    /// `column` as ordered or compared without regard to ASCII case.
    public func caseless(_ column: String) -> String {
        switch self {
        case .sqlite: "\(column) COLLATE NOCASE"
        case .postgres: "lower(\(column))"
        }
    }

    /// A column reference that keeps SQLite's planner off its index (`+column`); PostgreSQL has
    /// no such hint and plans on statistics.
    public func unindexed(_ column: String) -> String {
        switch self {
        case .sqlite: "+\(column)"
        case .postgres: column
        }
    }
}
