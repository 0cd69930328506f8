/// One page of a list, with where it stands in the whole.
public struct Page<Item: Sendable>: Sendable {
    /// The page's items.
    public var items: [Item]
    /// Items in the whole list.
    public var totalCount: Int
    /// Whether items follow this page.
    public var hasNextPage: Bool
    /// Whether items precede this page.
    public var hasPreviousPage: Bool
    /// Each item's sort key (the values its list is ordered by), for its cursor.
    public var sortKeys: [[String]]
    /// Each item's opaque cursor, once the service has made them from `sortKeys`.
    public var cursors: [String] = []

    /// Creates a page.
    public init(items: [Item], totalCount: Int, hasNextPage: Bool, hasPreviousPage: Bool, sortKeys: [[String]] = []) {
        self.items = items
        self.totalCount = totalCount
        self.hasNextPage = hasNextPage
        self.hasPreviousPage = hasPreviousPage
        self.sortKeys = sortKeys
    }

    /// The page with each item's cursor made for `list`.
    public func withCursors(list: String, codec: CursorCodec) -> Page {
        var page = self
        page.cursors = sortKeys.map { codec.make(list: list, key: $0) }
        return page
    }
}

/// Pages of cacheable items are cacheable.
extension Page: Codable where Item: Codable {}
