import Foundation

/// A per-request batch loader: keys are primed by the list that is about to resolve its items,
/// and the first item to ask loads every primed key in one call. Each field of a list thus costs
/// one SQL statement, whatever the list's length.
final class KeyedLoader<Value: Sendable>: @unchecked Sendable {
    private struct State {
        var cache: [String: Value] = [:]
        var loaded: Set<String> = []
        var pending: Set<String> = []
    }

    private let load: @Sendable ([String]) throws -> [String: Value]
    // GraphQLSwift's executor resolves fields concurrently, so the state is behind a lock. An
    // NSLock rather than a `Mutex`: ThreadSanitizer does not see the `Mutex`'s synchronisation
    // on Linux and reports its guarded accesses as races.
    private let lock = NSLock()
    private var state = State()

    /// A loader over a batch load: keys in, the values found by key out.
    init(load: @escaping @Sendable ([String]) throws -> [String: Value]) {
        self.load = load
    }

    /// Announces keys that are about to be asked for.
    func prime<Keys: Sequence>(_ keys: Keys) where Keys.Element == String {
        lock.withLock {
            for key in keys where !state.loaded.contains(key) { state.pending.insert(key) }
        }
    }

    /// Adds values already at hand (a list's own items), so asking for them costs nothing.
    func seed(_ values: [String: Value]) {
        lock.withLock {
            state.cache.merge(values) { _, new in new }
            state.loaded.formUnion(values.keys)
            state.pending.subtract(values.keys)
        }
    }

    /// The value of a key, loading it (and every primed key) if needed.
    func value(for key: String) throws -> Value? {
        try lock.withLock {
            if !state.loaded.contains(key) {
                state.pending.insert(key)
                let batch = state.pending.sorted()
                state.pending.removeAll()
                let values = try load(batch)
                state.cache.merge(values) { _, new in new }
                state.loaded.formUnion(batch)
            }
            return state.cache[key]
        }
    }
}
