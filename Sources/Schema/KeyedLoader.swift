import Foundation

/// A per-request batch loader: keys are primed by the list that is about to resolve its items,
/// and the first item to ask loads every primed key in one call. Each field of a list thus costs
/// one SQL statement, whatever the list's length.
final class KeyedLoader<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let load: @Sendable ([String]) throws -> [String: Value]
    private var cache: [String: Value] = [:]
    private var loaded: Set<String> = []
    private var pending: Set<String> = []

    init(load: @escaping @Sendable ([String]) throws -> [String: Value]) {
        self.load = load
    }

    /// Announces keys that are about to be asked for.
    func prime<Keys: Sequence>(_ keys: Keys) where Keys.Element == String {
        lock.withLock {
            for key in keys where !loaded.contains(key) { pending.insert(key) }
        }
    }

    /// Adds values already at hand (a list's own items), so asking for them costs nothing.
    func seed(_ values: [String: Value]) {
        lock.withLock {
            cache.merge(values) { _, new in new }
            loaded.formUnion(values.keys)
            pending.subtract(values.keys)
        }
    }

    /// The value of a key, loading it (and every primed key) if needed.
    func value(for key: String) throws -> Value? {
        try lock.withLock {
            if !loaded.contains(key) {
                pending.insert(key)
                let batch = pending.sorted()
                pending.removeAll()
                let values = try load(batch)
                cache.merge(values) { _, new in new }
                loaded.formUnion(batch)
            }
            return cache[key]
        }
    }
}
