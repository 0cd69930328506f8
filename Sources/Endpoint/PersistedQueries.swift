import Domain
import Storage

/// Automatic persisted queries (Apollo's protocol): a client sends
/// `extensions.persistedQuery = {version: 1, sha256Hash}` with or without the query; the query
/// text is kept in the KV cache under its verified hash, so later requests (GET included) can
/// send the hash alone.
struct PersistedQueries {
    /// How long a stored query lives without use, in seconds (30 days).
    static let ttl = 30 * 86_400
    /// The cache the queries are kept in.
    let kv: KVStore

    /// Longest query text kept; longer ones still run but are not stored.
    static let maxStoredBytes = 64 * 1024
    /// Most queries kept; past it, new ones run but are not stored until old ones expire.
    static let maxStored = 5_000

    /// The query a request runs, and the hash to store it under once it has parsed and validated.
    struct Resolution {
        let query: String
        let hashToStore: String?
    }

    /// The query text to run: the one sent (to be stored when a hash comes with it), or the stored one.
    func resolve(query: String?, extensions: [String: JSONValue]) throws -> Resolution {
        guard let persisted = extensions["persistedQuery"] else {
            guard let query, !query.isEmpty else { throw APIError(.badRequest, "The request has no query.") }
            return Resolution(query: query, hashToStore: nil)
        }
        guard persisted["version"]?.integerValue == 1, let hash = persisted["sha256Hash"]?.stringValue,
              hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { throw APIError(.badRequest, "persistedQuery needs version 1 and a lower-case hex sha256Hash.") }
        if let query, !query.isEmpty {
            guard SHA256.hex(query) == hash else {
                throw APIError(.badRequest, "provided sha does not match query")
            }
            return Resolution(query: query, hashToStore: hash)
        }
        guard let stored = try kv.get(Self.key(hash)) else {
            throw APIError(.persistedQueryNotFound, "PersistedQueryNotFound")
        }
        return Resolution(query: stored, hashToStore: nil)
    }

    /// Keeps a query that parsed and validated under its hash, within the size caps. A failure
    /// to store only means the client sends the text again.
    func store(_ query: String, hash: String) {
        guard query.utf8.count <= Self.maxStoredBytes,
              (try? kv.count(prefix: Self.prefix, limit: Self.maxStored)) ?? Self.maxStored < Self.maxStored
        else { return }
        try? kv.put(Self.key(hash), query, ttl: Self.ttl)
    }

    private static let prefix = "apq:"
    private static func key(_ hash: String) -> String { prefix + hash }
}
