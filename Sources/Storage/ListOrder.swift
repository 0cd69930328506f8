import Domain

/// How a list is ordered for paging: SQL expressions that never yield NULL, the last one unique,
/// all ascending or all descending. Its values for an item are the item's sort key, which a
/// cursor carries so that the next page starts right after that item (keyset paging).
public struct ListOrder: Sendable {
    /// The sort expressions, most significant first.
    let columns: [String]
    /// Whether the list runs from the largest key down.
    let descending: Bool

    /// An order over `columns`.
    public init(_ columns: [String], descending: Bool = false) {
        self.columns = columns
        self.descending = descending
    }

    /// How many values a sort key of this order has.
    public var keyCount: Int { columns.count }

    /// The ORDER BY clause's terms.
    var orderBy: String {
        columns.map { descending ? "\($0) DESC" : $0 }.joined(separator: ", ")
    }

    /// A row value comparison that holds for rows after (`after: true`) or at and before the
    /// item whose key is bound to its parameters.
    func comparison(after: Bool) -> String {
        let forward = descending ? "<" : ">"
        let backward = descending ? ">=" : "<="
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "(\(columns.joined(separator: ", "))) \(after ? forward : backward) (\(placeholders))"
    }
}
