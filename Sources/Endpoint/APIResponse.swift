import Domain

/// A GraphQL response, ready to write.
public struct APIResponse: Sendable, Equatable {
    /// What kind of outcome the response is, which transports map to exit codes or HTTP statuses.
    public enum Outcome: Sendable, Equatable {
        /// The operation executed; `data` is present (field errors may be too).
        case executed
        /// The request was rejected before execution (parse, validation, variables): no `data`.
        case requestError
        /// The input was not a GraphQL request at all (not JSON, not an object, too large).
        case malformed
        /// A mutation arrived on a read-only transport (HTTP GET) and was not run.
        case mutationNotAllowed
    }

    /// What the response asks a browser transport to do with its session cookie.
    public enum SessionCookie: Sendable, Equatable {
        /// Store this access token for this many seconds.
        case set(token: String, maxAge: Int)
        /// Remove the cookie (sign-out, account deletion).
        case clear
    }

    /// The response JSON text.
    public var body: String
    /// The outcome.
    public var outcome: Outcome
    /// The error codes the response carries, in order (for logs and metrics).
    public var errorCodes: [APIError.Code]

    /// For a malformed input, the one-line reason (for stderr and logs).
    public var reason: String?
    /// Whether the answer is public catalogue data that HTTP caches may keep.
    public var isPublic = false
    /// The session cookie change the operation asks for.
    public var sessionCookie: SessionCookie?
    /// `query`, `mutation` or `subscription`, when the document named one.
    public var operationType: String?
    /// The operation's name, when it has one.
    public var operationName: String?
    /// Seconds a rate-limited client should wait, from the first `RATE_LIMITED` error's
    /// `retryAfter`: what HTTP's `Retry-After` says.
    public var retryAfter: Int?
    /// The stretches of work behind the answer (parse, validate, execute), for tracing.
    public var phases: [TimedPhase] = []
    /// The signed-in user, when there was one.
    public var userID: String?
    /// The request's correlation id.
    public var requestID: String?
    /// Whether the plan executor answered (false: GraphQLSwift's executor, or no execution).
    public var planned = false
    /// The parts of an incremental delivery (`IncrementalDelivery`), for a client that accepts
    /// one and an operation that defers or streams; `body` still holds the whole result.
    public var parts: [String]?
    /// The parts that follow `parts` when the first left before the rest was computed.
    public var remainingParts: RemainingParts?

    /// Creates a response.
    public init(body: String, outcome: Outcome, errorCodes: [APIError.Code], reason: String? = nil) {
        self.body = body
        self.outcome = outcome
        self.errorCodes = errorCodes
        self.reason = reason
    }
}

extension APIResponse {
    /// The response's `errors` array as JSON (`[]` when it has none): what a transport that
    /// carries errors apart from the response sends (graphql-ws `error` messages, the last part
    /// of an incremental answer).
    var errorsJSON: String {
        JSONParser.member("errors", of: body).map(JSONWriter.string) ?? "[]"
    }
}

/// The parts of an incremental answer still to compute, once its first part has left.
public final class RemainingParts: Sendable, Equatable {
    /// Computes them.
    public let compute: @Sendable () async -> [String]

    init(_ compute: @escaping @Sendable () async -> [String]) {
        self.compute = compute
    }

    public static func == (lhs: RemainingParts, rhs: RemainingParts) -> Bool { lhs === rhs }
}
