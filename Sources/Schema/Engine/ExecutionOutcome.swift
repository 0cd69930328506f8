import Domain

/// What running an operation answered, in the API's own terms: the data as JSON bytes and the
/// errors as classified `APIError`s, each with its locations and path.
public struct ExecutionOutcome: Sendable {
    /// The `data` member's JSON text; nil when execution never started or a non-null root field failed.
    public var data: JSONBytes?
    /// The errors, ordered by where they stand in the query, then by path, so the same request
    /// always gets the same response (fields run concurrently and fail in any order).
    public var errors: [APIError]
    /// Whether execution began: data came back, or a field failed. False when it was refused
    /// first (an unknown operation name, bad variables): then the answer is a request error.
    public var started: Bool
    /// Whether the plan executor ran the operation (rather than GraphQLSwift's).
    public var planned: Bool
    /// The details of the errors a client sees only as `INTERNAL_SERVER_ERROR` (or a storage
    /// outage), for the log.
    public var failures: [String]
    /// The fields answered (the actual cost), when the executor counted them.
    public var answeredFields: Int?
}
