/// How a client asks for a page: a size and either an offset or a cursor.
public struct PageRequest: Sendable, Equatable {
    /// The default page size.
    public static let defaultLimit = 20
    /// The largest page size; a larger one is refused, like a size below 1.
    public static let maxLimit = 100

    /// Requested page size.
    public var limit: Int?
    /// Requested offset.
    public var offset: Int?
    /// A cursor of the item before the page; wins over `offset`.
    public var after: String?

    /// Creates a page request.
    public init(limit: Int? = nil, offset: Int? = nil, after: String? = nil) {
        self.limit = limit
        self.offset = offset
        self.after = after
    }

    /// The validated size and start: a limit outside 1...`maxLimit` or a negative offset is bad
    /// input, and a cursor must be one `cursors` made for `list` (whose sort keys have `keyCount`
    /// values).
    public func resolved(list: String, keyCount: Int, cursors: CursorCodec) throws(APIError) -> (limit: Int, start: PageStart) {
        let size = try Self.checkedLimit(limit, default: Self.defaultLimit, max: Self.maxLimit)
        if let after {
            guard let key = cursors.sortKey(of: after, list: list, count: keyCount) else {
                throw .invalid("after", "after is not a cursor from this list.")
            }
            return (size, .after(key))
        }
        let start = offset ?? 0
        guard start >= 0 else { throw .invalid("offset", "offset must not be negative.") }
        return (size, .offset(start))
    }

    /// A requested result size, `defaultLimit` when none: anything outside 1...`max` is bad
    /// input on `limit`. Every list and answer with a `limit` argument checks it here.
    public static func checkedLimit(_ requested: Int?, default defaultLimit: Int, max: Int) throws(APIError) -> Int {
        let size = requested ?? defaultLimit
        guard (1...max).contains(size) else { throw .invalid("limit", "limit must be between 1 and \(max).") }
        return size
    }
}
