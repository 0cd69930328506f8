/// Where the database is, from `MIRUBATO_DB`, as a Worker's binding names it: a PostgreSQL URI
/// (`postgres://…` or `postgresql://…`, libpq's own syntax: whatever it leaves out comes from the
/// `PG*` variables) or else the path of a SQLite file.
public enum DatabaseLocation: Sendable, Equatable {
    /// A SQLite file (the embedded default).
    case sqlite(path: String)
    /// A PostgreSQL server, by libpq connection URI.
    case postgres(uri: String)

    /// Reads a `MIRUBATO_DB` value.
    public init(_ text: String) {
        self = text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") ? .postgres(uri: text) : .sqlite(path: text)
    }

    /// The location as people should see it: a URI's password hidden.
    public var displayName: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let uri): Self.redactingPassword(uri)
        }
    }

    /// `scheme://user:secret@host` → `scheme://user:***@host`.
    static func redactingPassword(_ uri: String) -> String {
        guard let schemeEnd = uri.range(of: "://"), let at = uri[schemeEnd.upperBound...].firstIndex(of: "@"),
              let colon = uri[schemeEnd.upperBound..<at].firstIndex(of: ":") else { return uri }
        return String(uri[..<uri.index(after: colon)]) + "***" + String(uri[at...])
    }
}

/// Where the KV cache is, from `MIRUBATO_KV`: a Redis server (`redis://host:port/N`, `unix:/path`)
/// or else the path of a SQLite file.
public enum KVLocation: Sendable, Equatable {
    /// A SQLite file (the embedded default).
    case file(path: String)
    /// A Redis server.
    case redis(RedisEndpoint)

    /// Reads a `MIRUBATO_KV` value; a Redis URL that does not parse throws its reason.
    public init(_ text: String) throws(RedisError) {
        self = RedisEndpoint.isRedis(text) ? .redis(try RedisEndpoint(url: text)) : .file(path: text)
    }
}
