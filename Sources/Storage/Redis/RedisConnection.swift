import CHiredis
import Foundation

/// One hiredis connection. Not thread-safe: its owner serialises use. A command that finds the
/// connection lost reconnects once and is sent again (every command we send is idempotent or
/// atomic on the server: GET, SET with EX, INCR inside MULTI, PUBLISH), so a restarted Redis
/// costs one failed request at most.
final class RedisConnection {
    private var context: UnsafeMutablePointer<redisContext>
    private let endpoint: RedisEndpoint
    /// How long a command or a connection attempt may take.
    private static let timeout = timeval(tv_sec: 2, tv_usec: 0)

    /// Connects, authenticates and selects the database; throws with the reason when it cannot.
    init(endpoint: RedisEndpoint) throws(RedisError) {
        self.endpoint = endpoint
        context = try Self.connect(endpoint)
    }

    deinit { redisFree(context) }

    private static func connect(_ endpoint: RedisEndpoint) throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        // hiredis is opened here, at the first connection (a process without Redis never loads it).
        if let reason = chiredis_load() {
            throw RedisError(message: "the Redis client library cannot be loaded: \(String(cString: reason))", isConnection: false)
        }
        let made: UnsafeMutablePointer<redisContext>? = switch endpoint.address {
        case .tcp(let host, let port): redisConnectWithTimeout(host, port, timeout)
        case .unix(let path): redisConnectUnixWithTimeout(path, timeout)
        }
        guard let context = made else { throw RedisError(message: "cannot allocate a Redis connection", isConnection: true) }
        if context.pointee.err != 0 {
            let message = Self.errorText(context)
            redisFree(context)
            throw RedisError(message: message, isConnection: true)
        }
        redisSetTimeout(context, timeout)
        do {
            if let password = endpoint.password { try Self.expectOK(Self.send(context, ["AUTH", password])) }
            if endpoint.database != 0 { try Self.expectOK(Self.send(context, ["SELECT", String(endpoint.database)])) }
        } catch {
            redisFree(context)
            throw error
        }
        return context
    }

    /// Sends one command and answers its reply; a server error reply is thrown.
    @discardableResult
    func command(_ arguments: [String]) throws(RedisError) -> RedisReply {
        try command(arguments.map { Array($0.utf8) })
    }

    /// The same, with arguments as bytes.
    @discardableResult
    func command(_ arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        let reply: RedisReply
        do {
            reply = try Self.send(context, arguments)
        } catch where error.isConnection {
            try reconnect()
            reply = try Self.send(context, arguments)
        }
        if case .error(let message) = reply { throw RedisError(message: message, isConnection: false) }
        return reply
    }

    /// Sends a command and then reads replies as they come (a `SUBSCRIBE`), until `handle`
    /// answers false or the read times out with `idle` answering false.
    func subscribe(_ arguments: [String], handle: (RedisReply) -> Bool, idle: () -> Bool) throws(RedisError) {
        guard handle(try command(arguments)) else { return }
        while true {
            guard let reply = chiredis_next_reply(context) else {
                // A read timeout leaves hiredis's context in its error state: reconnect and resubscribe.
                guard idle() else { return }
                try reconnect()
                guard handle(try command(arguments)) else { return }
                continue
            }
            let copied = RedisReply(UnsafePointer(reply))
            freeReplyObject(reply)
            guard handle(copied) else { return }
        }
    }

    private func reconnect() throws(RedisError) {
        let fresh = try Self.connect(endpoint)
        redisFree(context)
        context = fresh
    }

    private static func send(_ context: UnsafeMutablePointer<redisContext>, _ arguments: [String]) throws(RedisError) -> RedisReply {
        try send(context, arguments.map { Array($0.utf8) })
    }

    private static func send(_ context: UnsafeMutablePointer<redisContext>, _ arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        let lengths = arguments.map(\.count)
        let reply: UnsafeMutablePointer<redisReply>? = arguments.map(Optional.some).withCPointers { pointers in
            chiredis_command(context, Int32(arguments.count), pointers, lengths)
        }
        guard let reply else { throw RedisError(message: errorText(context), isConnection: true) }
        defer { freeReplyObject(reply) }
        return RedisReply(UnsafePointer(reply))
    }

    private static func expectOK(_ reply: RedisReply) throws(RedisError) {
        if case .error(let message) = reply { throw RedisError(message: message, isConnection: false) }
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
