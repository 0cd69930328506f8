import Foundation

/// Where a Redis server is, from `MIRUBATO_KV`: `redis://[:password@]host[:port][/db]` or
/// `unix:/path/to/socket` (also `unix:///path`, `redis+unix:///path`), with the query items
/// `db=N` (unix only; 0 to 15) and `prefix=P`, the namespace of every key (default `mirubato:`).
public struct RedisEndpoint: Sendable, Equatable {
    /// How to reach the server.
    public enum Address: Sendable, Equatable {
        case tcp(host: String, port: Int32)
        case unix(path: String)
    }

    /// The server's address.
    public let address: Address
    /// The logical database (`SELECT N`).
    public let database: Int
    /// The password (`AUTH`), if any.
    public let password: String?
    /// What every key of this deployment starts with, so one server can hold several
    /// deployments (or test runs) side by side.
    public let namespace: String

    /// The key prefix when the URL names none.
    public static let defaultNamespace = "mirubato:"

    /// Whether a `MIRUBATO_KV` value names Redis rather than a KV file path.
    public static func isRedis(_ value: String) -> Bool {
        ["redis://", "unix:", "redis+unix:"].contains { value.hasPrefix($0) }
    }

    /// Parses a URL; throws the reason when it is not one this understands.
    public init(url text: String) throws(RedisError) {
        func fail(_ why: String) -> RedisError { RedisError(message: "MIRUBATO_KV=\(Self.redacted(text)) is not a Redis URL: \(why)", isConnection: false) }
        if text.hasPrefix("unix:") || text.hasPrefix("redis+unix:") {
            var rest = text.drop { $0 != ":" }.dropFirst()
            if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
            let parts = rest.split(separator: "?", maxSplits: 1)
            guard let path = parts.first, path.hasPrefix("/") else { throw fail("the socket path must be absolute") }
            let query = parts.count == 2 ? URLComponents(string: "x:?" + parts[1])?.queryItems ?? [] : []
            guard query.allSatisfy({ ["db", "prefix"].contains($0.name) }) else { throw fail("only db=N and prefix=P may follow the path") }
            var database = 0
            if let db = query.first(where: { $0.name == "db" })?.value {
                guard let number = Int(db), (0...15).contains(number) else { throw fail("the database must be a number from 0 to 15") }
                database = number
            }
            let namespace = query.first { $0.name == "prefix" }?.value ?? Self.defaultNamespace
            (address, self.database, password, self.namespace) = (.unix(path: String(path)), database, nil, namespace)
            return
        }
        guard let components = URLComponents(string: text), components.scheme == "redis", let host = components.host, !host.isEmpty else {
            throw fail("expected redis://host:port/N")
        }
        let port = components.port ?? 6379
        guard (1...65535).contains(port) else { throw fail("the port must be 1 to 65535") }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard path.isEmpty || Int(path).map({ (0...15).contains($0) }) == true else { throw fail("the database must be a number from 0 to 15") }
        let namespace = components.queryItems?.first { $0.name == "prefix" }?.value ?? Self.defaultNamespace
        (address, database, password, self.namespace) = (.tcp(host: host, port: Int32(port)), Int(path) ?? 0, components.password, namespace)
    }

    /// The URL with any password hidden, for messages.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
