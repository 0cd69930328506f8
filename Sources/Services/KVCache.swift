import Domain
import Foundation
import Storage

/// Read-through caching of computed values in the KV store (the file, or the Redis server every
/// host shares), with the decoded values also kept in process memory. Keys carry a revision
/// that the writes behind the value move on in their own transaction, so a write is visible on
/// the very next read, on any host; the TTL only bounds how long dead entries linger. The cache
/// is an optimisation: an unreadable, undecodable or unwritable entry falls back to computing
/// the value.
public struct KVCache: Sendable {
    /// A decoded value kept in memory until it expires.
    public struct Kept: Sendable {
        let value: any Sendable
        let expiresAt: Timestamp
    }

    /// The process's decoded values by key. Decoding a catalogue page from the KV store's JSON
    /// costs more than reading it from SQLite; a revisioned key's value never changes, so the
    /// decoded copy can be shared by every request of the process.
    public typealias Memory = LRUCache<String, Kept>

    private let kv: KVStore
    private let memory: Memory
    private let clock: any Clock

    /// Creates the cache over a KV store and the process's memory tier, at the request's clock.
    public init(kv: KVStore, memory: Memory, clock: any Clock) {
        self.kv = kv
        self.memory = memory
        self.clock = clock
    }

    /// The cached value of `key`, or `compute()`'s, which is then stored for `ttl` seconds.
    public func value<Value: Codable & Sendable>(_ key: String, ttl: Int, compute: () throws -> Value) throws -> Value {
        let now = clock.now()
        if let kept = memory.value(for: key), kept.expiresAt > now, let value = kept.value as? Value {
            return value
        }
        let expiresAt = Timestamp(milliseconds: now.milliseconds + Int64(ttl) * 1000)
        if let text = try? kv.get(key), let value = try? JSONValueDecoder.decode(Value.self, from: text) {
            memory.insert(Kept(value: value, expiresAt: expiresAt), for: key)
            return value
        }
        let value = try compute()
        if let data = try? JSONEncoder().encode(value) {
            try? kv.put(key, String(decoding: data, as: UTF8.self), ttl: ttl)
        }
        memory.insert(Kept(value: value, expiresAt: expiresAt), for: key)
        return value
    }

    /// A short, stable cache key part for a list of texts (the SHA-256 of their JSON array):
    /// built on every cached read, so it is written by hand rather than by `JSONEncoder`.
    public static func digest(_ parts: [String]) -> String {
        var json = JSONBytes(capacity: 64)
        json.append("[")
        for (index, part) in parts.enumerated() {
            if index > 0 { json.append(",") }
            json.write(part)
        }
        json.append("]")
        return String(Base64URL.encode(SHA256.digest(json.bytes)).prefix(22))
    }
}
