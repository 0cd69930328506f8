/// One page of a list, with where it stands in the whole.
public struct Page<Item: Sendable>: Sendable {
    /// The page's items.
    public var items: [Item]
    /// Items in the whole list.
    public var totalCount: Int
    /// Position of the first item in the whole list.
    public var offset: Int

    /// Creates a page.
    public init(items: [Item], totalCount: Int, offset: Int) {
        self.items = items
        self.totalCount = totalCount
        self.offset = offset
    }

    /// Whether items follow this page.
    public var hasNextPage: Bool { offset + items.count < totalCount }
    /// Whether items precede this page.
    public var hasPreviousPage: Bool { offset > 0 && totalCount > 0 }
}

/// Pages of cacheable items are cacheable.
extension Page: Codable where Item: Codable {}
