import Domain
import Foundation
import Storage

/// Read-through caching of computed values in the KV file. Keys carry a revision that the
/// writes behind the value move on in their own transaction, so a write is visible on the very
/// next read; the TTL only bounds how long dead entries linger. The cache is an optimisation:
/// an unreadable, undecodable or unwritable entry falls back to computing the value.
public struct KVCache: Sendable {
    private let kv: KVStore

    /// Creates the cache over a KV store.
    public init(kv: KVStore) {
        self.kv = kv
    }

    /// The cached value of `key`, or `compute()`'s, which is then stored for `ttl` seconds.
    public func value<Value: Codable>(_ key: String, ttl: Int, compute: () throws -> Value) throws -> Value {
        if let text = try? kv.get(key), let value = try? JSONDecoder().decode(Value.self, from: Data(text.utf8)) {
            return value
        }
        let value = try compute()
        if let data = try? JSONEncoder().encode(value) {
            try? kv.put(key, String(decoding: data, as: UTF8.self), ttl: ttl)
        }
        return value
    }

    /// A short, stable cache key part for a value (its JSON's SHA-256).
    public static func digest<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(value)) ?? Data()
        return String(Base64URL.encode(SHA256.digest(Array(data))).prefix(22))
    }
}
