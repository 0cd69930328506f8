import Domain

/// A relay-style page of a list, as the `…Connection` types serve it.
struct Connection<Node: Sendable>: Sendable {
    /// The page behind the connection.
    let page: Page<Node>

    /// The page's items with their cursors.
    var edges: [Edge<Node>] {
        zip(page.items, page.cursors).map { Edge(node: ParentBox($0), cursor: $1) }
    }
}

/// One item of a connection with its cursor.
struct Edge<Node: Sendable>: Sendable {
    /// The item, boxed once: its fields read it from the box rather than from a copy.
    let node: ParentBox<Node>
    /// Its opaque place in the list (the item's sort key, signed).
    let cursor: String
}

/// `PageInfo` of a connection's page.
struct PageInfo: Sendable {
    /// Whether items follow.
    let hasNextPage: Bool
    /// Whether items precede.
    let hasPreviousPage: Bool
    /// Cursor of the first item.
    let startCursor: String?
    /// Cursor of the last item.
    let endCursor: String?

    /// The page info of a page.
    init<Node>(_ page: Page<Node>) {
        hasNextPage = page.hasNextPage
        hasPreviousPage = page.hasPreviousPage
        startCursor = page.cursors.first
        endCursor = page.cursors.last
    }
}

extension ResolverTable {
    /// Resolvers of a `…Connection`, `…Edge` pair and of `PageInfo`.
    mutating func registerConnection<Node: Sendable>(_ name: String, of node: Node.Type) {
        field("\(name)Connection", "edges", of: Connection<Node>.self) { $0.edges }
        field("\(name)Connection", "pageInfo", of: Connection<Node>.self) { PageInfo($0.page) }
        field("\(name)Connection", "totalCount", of: Connection<Node>.self) { $0.page.totalCount }
        field("\(name)Edge", "node", of: Edge<Node>.self) { $0.node }
        field("\(name)Edge", "cursor", of: Edge<Node>.self) { $0.cursor }
        field("PageInfo", "hasNextPage", of: PageInfo.self) { $0.hasNextPage }
        field("PageInfo", "hasPreviousPage", of: PageInfo.self) { $0.hasPreviousPage }
        field("PageInfo", "startCursor", of: PageInfo.self) { $0.startCursor }
        field("PageInfo", "endCursor", of: PageInfo.self) { $0.endCursor }
    }
}
