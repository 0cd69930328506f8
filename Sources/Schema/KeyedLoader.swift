import Synchronization

/// A per-request batch loader: keys are primed by the list that is about to resolve its items,
/// and the first item to ask loads every primed key in one call. Each field of a list thus costs
/// one SQL statement, whatever the list's length.
final class KeyedLoader<Value: Sendable>: Sendable {
    private struct State {
        var cache: [String: Value] = [:]
        var loaded: Set<String> = []
        var pending: Set<String> = []
    }

    private let load: @Sendable ([String]) throws -> [String: Value]
    // GraphQLSwift's executor resolves fields concurrently, so the state is behind a lock.
    private let state = Mutex(State())

    /// A loader over a batch load: keys in, the values found by key out.
    init(load: @escaping @Sendable ([String]) throws -> [String: Value]) {
        self.load = load
    }

    /// Announces keys that are about to be asked for.
    func prime<Keys: Sequence>(_ keys: Keys) where Keys.Element == String {
        state.withLock { state in
            for key in keys where !state.loaded.contains(key) { state.pending.insert(key) }
        }
    }

    /// Adds values already at hand (a list's own items), so asking for them costs nothing.
    func seed(_ values: [String: Value]) {
        state.withLock { state in
            state.cache.merge(values) { _, new in new }
            state.loaded.formUnion(values.keys)
            state.pending.subtract(values.keys)
        }
    }

    /// The value of a key, loading it (and every primed key) if needed.
    func value(for key: String) throws -> Value? {
        try state.withLock { state in
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
