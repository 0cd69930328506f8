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
    private let usesStore: Bool

    /// Creates the cache over a KV store and the process's memory tier, at the request's clock.
    /// Without `usesStore`, values are computed and kept in memory only: a process that answers
    /// one request over a SQLite file has no use for the memory tier, and reading and decoding
    /// a value from the KV file costs it more than computing it from the database does (the
    /// catalogue's 27 KB first page: 0.5 ms against 0.1 ms).
    public init(kv: KVStore, memory: Memory, clock: any Clock, usesStore: Bool = true) {
        self.kv = kv
        self.memory = memory
        self.clock = clock
        self.usesStore = usesStore
    }

    /// The cached value of `key`, or `compute()`'s, which is then stored for `ttl` seconds.
    public func value<Value: Codable & Sendable>(_ key: String, ttl: Int, compute: () throws -> Value) throws -> Value {
        let now = clock.now()
        if let kept = memory.value(for: key), kept.expiresAt > now, let value = kept.value as? Value {
            return value
        }
        let expiresAt = Timestamp(milliseconds: now.milliseconds + Int64(ttl) * 1000)
        if usesStore, let text = try? kv.get(key), let value = try? JSONValueDecoder.decode(Value.self, from: text) {
            memory.insert(Kept(value: value, expiresAt: expiresAt), for: key)
            return value
        }
        let value = try compute()
        if usesStore, let data = try? JSONEncoder().encode(value) {
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
