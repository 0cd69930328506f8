/// Where a page begins in its list.
public enum PageStart: Sendable, Equatable {
    /// After skipping this many items (the design's `limit`/`offset` clients).
    case offset(Int)
    /// Right after the item with this sort key: a keyset cursor, which keeps its place however
    /// many items were added or removed before it since the previous page.
    case after([String])
}
