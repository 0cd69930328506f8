import Domain
import Foundation

/// The KV cache on Redis, with the KV file's semantics. Each value is stored as
/// `EXPIRY|VALUE`, EXPIRY being the application clock's expiry in milliseconds (empty for
/// none): the application's clock decides what has expired, as it does for the file (tests pin
/// it), while Redis's own `PX` time-to-live evicts the key for good. Keys live under the
/// endpoint's namespace.
final class RedisKV: @unchecked Sendable {
    private let connection: RedisConnection
    private let namespace: String
    private let clock: any Clock
    /// The connection takes one command at a time.
    private let lock = NSLock()

    init(endpoint: RedisEndpoint, clock: any Clock) throws {
        connection = try RedisConnection(endpoint: endpoint)
        namespace = endpoint.namespace
        self.clock = clock
    }

    func get(_ key: String) throws -> String? {
        guard let stored = try command(["GET", namespace + key]).text else { return nil }
        let (expiry, value) = Self.split(stored)
        if let expiry, expiry <= clock.now().milliseconds { return nil }
        return value
    }

    func put(_ key: String, _ value: String, ttl: Int?) throws {
        let now = clock.now().milliseconds
        var arguments = ["SET", namespace + key, (ttl.map { String(now + Int64($0) * 1000) } ?? "") + "|" + value]
        if let ttl { arguments += ["PX", String(max(1, ttl) * 1000)] }
        try command(arguments)
    }

    func delete(_ key: String) throws -> Bool {
        try command(["DEL", namespace + key]).integer == 1
    }

    /// The live keys that start with `prefix`, in order: a SCAN of the namespace (Redis keeps no
    /// order), which only persisted-query counting and benchmarks ask for.
    func list(prefix: String, limit: Int) throws -> [String] {
        let now = clock.now().milliseconds
        var live: [String] = []
        for key in try keys(prefix: prefix) {
            guard let stored = try command(["GET", namespace + key]).text else { continue }
            if let expiry = Self.split(stored).expiry, expiry <= now { continue }
            live.append(key)
        }
        return Array(live.sorted().prefix(limit))
    }

    /// Deletes every entry the application clock says has expired; answers how many.
    func sweep() throws -> Int {
        let now = clock.now().milliseconds
        var deleted = 0
        for key in try keys(prefix: "") {
            guard let stored = try command(["GET", namespace + key]).text, let expiry = Self.split(stored).expiry, expiry <= now else { continue }
            deleted += Int(try command(["DEL", namespace + key]).integer ?? 0)
        }
        return deleted
    }

    /// Adds `amount` to the counter at `key` in one atomic step on the server (a script: read,
    /// start a new window when absent or expired, add, write back with the window's time to live).
    func increment(_ key: String, ttl: Int, by amount: Int) throws -> (count: Int, expiresAt: Timestamp) {
        let now = clock.now().milliseconds
        let reply = try command([
            "EVAL", Self.incrementScript, "1", namespace + key, String(now), String(amount), String(now + Int64(ttl) * 1000),
            String(max(1, ttl) * 1000),
        ])
        guard case .array(let parts) = reply, parts.count == 2, let count = parts[0].integer, let expiry = parts[1].integer else {
            throw RedisError(message: "unexpected answer to the counter script: \(reply)", isConnection: false)
        }
        // A key `put` without a time-to-live keeps no expiry: its counter counts as due now.
        return (Int(count), Timestamp(milliseconds: expiry < 0 ? now : expiry))
    }

    /// KEYS[1] the counter; ARGV: now, amount, the new window's expiry, its time to live (ms).
    /// Answers {count, expiry or -1}.
    private static let incrementScript = """
        local stored = redis.call('GET', KEYS[1])
        local now, amount, expiry, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        if stored then
          local bar = string.find(stored, '|', 1, true)
          local current = tonumber(string.sub(stored, 1, bar - 1))
          local count = tonumber(string.sub(stored, bar + 1)) or 0
          if current == nil or current > now then
            redis.call('SET', KEYS[1], (current and tostring(current) or '') .. '|' .. tostring(count + amount), 'KEEPTTL')
            return {count + amount, current or -1}
          end
        end
        redis.call('SET', KEYS[1], tostring(expiry) .. '|' .. tostring(amount), 'PX', ttl)
        return {amount, expiry}
        """

    /// The keys under the namespace that start with `prefix` (without the namespace).
    private func keys(prefix: String) throws -> [String] {
        var cursor = "0"
        var found: [String] = []
        repeat {
            let reply = try command(["SCAN", cursor, "MATCH", Self.globEscaped(namespace + prefix) + "*", "COUNT", "500"])
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].text, case .array(let names) = parts[1] else {
                throw RedisError(message: "unexpected answer to SCAN", isConnection: false)
            }
            cursor = next
            found += names.compactMap(\.text).map { String($0.dropFirst(namespace.count)) }
        } while cursor != "0"
        return found
    }

    @discardableResult
    private func command(_ arguments: [String]) throws -> RedisReply {
        lock.lock()
        defer { lock.unlock() }
        return try connection.command(arguments)
    }

    /// `EXPIRY|VALUE` split at the first bar; EXPIRY nil when empty.
    private static func split(_ stored: String) -> (expiry: Int64?, value: String) {
        guard let bar = stored.firstIndex(of: "|") else { return (nil, stored) }
        return (Int64(stored[..<bar]), String(stored[stored.index(after: bar)...]))
    }

    /// A key prefix with the glob characters of `MATCH` escaped.
    private static func globEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "*?[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
