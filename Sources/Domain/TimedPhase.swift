/// A named stretch of a request's work (parse, validate, execute), in uptime nanoseconds: what
/// a trace shows as the request span's children.
public struct TimedPhase: Sendable, Equatable {
    /// `graphql.parse`, `graphql.validate`, `graphql.execute`, or `sqlite SELECT` and the like.
    public let name: String
    /// When it started.
    public let start: UInt64
    /// When it ended.
    public let end: UInt64
    /// What the stretch ran, when it says more than its name (an SQL statement's text).
    public var detail: String?

    /// Creates a phase.
    public init(name: String, start: UInt64, end: UInt64, detail: String? = nil) {
        self.name = name
        self.start = start
        self.end = end
        self.detail = detail
    }
}
