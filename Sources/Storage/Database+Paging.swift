import Domain

extension Database {
    /// A page of `SELECT columns FROM table WHERE condition` in `order`: the whole list's count,
    /// the items from `start` (an offset, or right after a sort key), whether items follow and
    /// precede, and each item's sort key. One row more than the page is read to tell whether
    /// items follow; the sort key is selected after the mapped columns.
    func page<Item>(
        columns: String, from table: String, where condition: String, _ parameters: [SQLValue],
        order: ListOrder, start: PageStart, limit: Int, map: (Row) throws -> Item
    ) throws -> Page<Item> {
        let total = try first("SELECT count(*) FROM \(table) WHERE \(condition)", parameters) { $0.integer(0) ?? 0 } ?? 0
        let keys = order.columns.joined(separator: ", ")
        var rows: [(item: Item, key: [String])]
        let hasPrevious: Bool
        switch start {
        case .offset(let offset):
            rows = try query(
                "SELECT \(columns), \(keys) FROM \(table) WHERE \(condition) ORDER BY \(order.orderBy) LIMIT ? OFFSET ?",
                parameters + [.integer(Int64(limit + 1)), .integer(Int64(offset))]) { row in try (map(row), Self.sortKey(row, order)) }
            hasPrevious = offset > 0 && total > 0
        case .after(let key):
            let bound = key.map(SQLValue.text)
            rows = try query(
                """
                SELECT \(columns), \(keys) FROM \(table) WHERE (\(condition)) AND \(order.comparison(after: true))
                ORDER BY \(order.orderBy) LIMIT ?
                """,
                parameters + bound + [.integer(Int64(limit + 1))]) { row in try (map(row), Self.sortKey(row, order)) }
            hasPrevious = try first(
                "SELECT 1 FROM \(table) WHERE (\(condition)) AND \(order.comparison(after: false)) LIMIT 1",
                parameters + bound) { _ in true } ?? false
        }
        let hasNext = rows.count > limit
        if hasNext { rows.removeLast() }
        return Page(items: rows.map(\.item), totalCount: total, hasNextPage: hasNext, hasPreviousPage: hasPrevious, sortKeys: rows.map(\.key))
    }

    private static func sortKey(_ row: Row, _ order: ListOrder) -> [String] {
        let first = row.count - Int32(order.columns.count)
        return (0..<Int32(order.columns.count)).map { row.string(first + $0) ?? "" }
    }
}
