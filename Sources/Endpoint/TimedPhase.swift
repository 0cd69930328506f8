/// A named stretch of a request's work (parse, validate, execute), in uptime nanoseconds: what
/// a trace shows as the request span's children.
public struct TimedPhase: Sendable, Equatable {
    /// `graphql.parse`, `graphql.validate` or `graphql.execute`.
    public let name: String
    /// When it started.
    public let start: UInt64
    /// When it ended.
    public let end: UInt64
}
