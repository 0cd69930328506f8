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
    }

    /// The response JSON text.
    public var body: String
    /// The outcome.
    public var outcome: Outcome
    /// The error codes the response carries, in order (for logs and metrics).
    public var errorCodes: [String]

    /// For a malformed input, the one-line reason (for stderr and logs).
    public var reason: String?

    /// Creates a response.
    public init(body: String, outcome: Outcome, errorCodes: [String], reason: String? = nil) {
        self.body = body
        self.outcome = outcome
        self.errorCodes = errorCodes
        self.reason = reason
    }
}
