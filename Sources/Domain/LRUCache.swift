import Foundation

/// A bounded map shared by threads that forgets its least recently used entry when full: the
/// per-process caches (prepared documents, decoded cache values) use it. It locks with an
/// NSLock rather than a `Mutex`, whose synchronisation ThreadSanitizer does not see on Linux.
public final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        var value: Value
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var uses: UInt64 = 0
    }

    /// Most entries kept; 0 keeps none.
    public let capacity: Int
    private let lock = NSLock()
    private var state = State()

    /// Creates a cache of at most `capacity` entries.
    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The value kept for `key`, which becomes the most recently used.
    public func value(for key: Key) -> Value? {
        lock.withLock {
            guard var entry = state.entries[key] else { return nil }
            state.uses += 1
            entry.lastUse = state.uses
            state.entries[key] = entry
            return entry.value
        }
    }

    /// Keeps `value` for `key`, forgetting the least recently used entry when over capacity.
    /// Eviction scans the entries; the caches are small (hundreds) and misses are rare.
    public func insert(_ value: Value, for key: Key) {
        guard capacity > 0 else { return }
        lock.withLock {
            state.uses += 1
            state.entries[key] = Entry(value: value, lastUse: state.uses)
            if state.entries.count > capacity,
               let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.entries[oldest] = nil
            }
        }
    }

    /// Entries kept.
    public var count: Int { lock.withLock { state.entries.count } }
}
