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

    /// The query text to run: the one sent (stored when a hash comes with it), or the stored one.
    func resolve(query: String?, extensions: [String: JSONValue]) throws -> String {
        guard let persisted = extensions["persistedQuery"] else {
            guard let query, !query.isEmpty else { throw APIError(.badRequest, "The request has no query.") }
            return query
        }
        guard persisted["version"]?.integerValue == 1, let hash = persisted["sha256Hash"]?.stringValue,
              hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { throw APIError(.badRequest, "persistedQuery needs version 1 and a lower-case hex sha256Hash.") }
        let key = "apq:" + hash
        if let query, !query.isEmpty {
            guard SHA256.hex(query) == hash else {
                throw APIError(.badRequest, "provided sha does not match query")
            }
            try kv.put(key, query, ttl: Self.ttl)
            return query
        }
        guard let stored = try kv.get(key) else {
            throw APIError(.persistedQueryNotFound, "PersistedQueryNotFound")
        }
        return stored
    }
}
