/// How a client asks for a page: a size and either an offset or a cursor.
public struct PageRequest: Sendable, Equatable {
    /// The default page size.
    public static let defaultLimit = 20
    /// The largest page size; larger requests are capped to it.
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

    /// The validated size and offset: a limit below 1 or a negative offset is bad input, a limit
    /// above `maxLimit` is capped, and a cursor must be one this API issued.
    public func resolved() throws(APIError) -> (limit: Int, offset: Int) {
        let size = limit ?? Self.defaultLimit
        guard size >= 1 else { throw .invalid("limit", "limit must be at least 1.") }
        if let after {
            guard let position = Cursor.position(of: after) else {
                throw .invalid("after", "after is not a cursor from this list.")
            }
            return (min(size, Self.maxLimit), position + 1)
        }
        let start = offset ?? 0
        guard start >= 0 else { throw .invalid("offset", "offset must not be negative.") }
        return (min(size, Self.maxLimit), start)
    }
}

/// Opaque list cursors: base64url of an item's position in its list.
public enum Cursor {
    private static let prefix = "pos:"

    /// The cursor of the item at `position`.
    public static func make(position: Int) -> String {
        Base64URL.encode(Array((prefix + String(position)).utf8))
    }

    /// The position a cursor stands for, or nil when it is not one of ours.
    public static func position(of cursor: String) -> Int? {
        guard cursor.utf8.count <= 64, let bytes = Base64URL.decode(cursor),
              let text = String(validating: bytes, as: UTF8.self), text.hasPrefix(prefix),
              let position = Int(text.dropFirst(prefix.count)), position >= 0, position < 1_000_000_000
        else { return nil }
        return position
    }
}
