/// A failure talking to Redis: the server answered an error, or the connection was lost or
/// could not be made (`isConnection`). Logged, never shown to clients.
public struct RedisError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let message: String
    /// Whether the connection failed (the server may be back later) rather than a command.
    public let isConnection: Bool

    public var description: String { "Redis error: \(message)" }
}
