import Domain

/// A bounded least-recently-used cache of prepared documents, keyed by query text and operation
/// name. Preparing (parsing, the query limits, validation) is a pure function of those two, so
/// its outcome (a runnable document or the error answer) can be shared by every request of the
/// process; clients send the same few queries over and over.
final class DocumentCache: Sendable {
    /// Queries longer than this are prepared every time rather than kept.
    static let maxQueryBytes = 32 * 1024

    /// A cache key: the query text and the operation name.
    struct Key: Hashable, Sendable {
        let query: String
        let operationName: String?
    }

    /// Nil when disabled: a process that answers one request does not make the cache's type,
    /// whose first making has the runtime scan every conformance in the binary for `Key: Hashable`.
    private let entries: LRUCache<Key, Preparation>?

    /// Creates a cache holding at most `capacity` documents (0 disables it).
    init(capacity: Int) {
        entries = capacity > 0 ? LRUCache(capacity: capacity) : nil
    }

    /// The prepared document of a key, preparing and keeping it on a miss.
    func document(for key: Key, prepare: () -> Preparation) -> Preparation {
        guard let entries, key.query.utf8.count <= Self.maxQueryBytes else { return prepare() }
        if let hit = entries.value(for: key) { return hit }
        let prepared = prepare()
        entries.insert(prepared, for: key)
        return prepared
    }

    /// Documents held.
    var count: Int { entries?.count ?? 0 }
}
