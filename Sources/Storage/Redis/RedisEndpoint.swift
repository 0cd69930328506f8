import Foundation

/// Where a Redis server is, from `MIRUBATO_KV`: `redis://[:password@]host[:port][/db]` or
/// `unix:/path/to/socket[?db=N]` (also `unix:///path`, `redis+unix:///path`).
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

    /// Whether a `MIRUBATO_KV` value names Redis rather than a KV file path.
    public static func isRedis(_ value: String) -> Bool {
        ["redis://", "unix:", "redis+unix:"].contains { value.hasPrefix($0) }
    }

    /// Parses a URL; nil with the reason when it is not one this understands.
    public init(url text: String) throws(RedisError) {
        func fail(_ why: String) -> RedisError { RedisError(message: "MIRUBATO_KV=\(Self.redacted(text)) is not a Redis URL: \(why)", isConnection: false) }
        if text.hasPrefix("unix:") || text.hasPrefix("redis+unix:") {
            var rest = text.drop { $0 != ":" }.dropFirst()
            if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
            let parts = rest.split(separator: "?", maxSplits: 1)
            guard let path = parts.first, path.hasPrefix("/") else { throw fail("the socket path must be absolute") }
            var database = 0
            if parts.count == 2 {
                guard let query = URLComponents(string: "x:?" + parts[1])?.queryItems, let db = query.first(where: { $0.name == "db" })?.value,
                      let number = Int(db), (0...15).contains(number)
                else { throw fail("only ?db=N (0 to 15) may follow the path") }
                database = number
            }
            (address, self.database, password) = (.unix(path: String(path)), database, nil)
            return
        }
        guard let components = URLComponents(string: text), components.scheme == "redis", let host = components.host, !host.isEmpty else {
            throw fail("expected redis://host:port/N")
        }
        let port = components.port ?? 6379
        guard (1...65535).contains(port) else { throw fail("the port must be 1 to 65535") }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard path.isEmpty || Int(path).map({ (0...15).contains($0) }) == true else { throw fail("the database must be a number from 0 to 15") }
        (address, database, password) = (.tcp(host: host, port: Int32(port)), Int(path) ?? 0, components.password)
    }

    /// The URL with any password hidden, for messages.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
