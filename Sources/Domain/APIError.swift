/// An error a client may see: a stable code, a message written for people, and extra fields.
/// Anything else thrown while serving a request is reported as `INTERNAL_SERVER_ERROR`
/// without its details.
public struct APIError: Error, Equatable, Sendable {
    /// The machine-readable category, sent as `extensions.code`.
    public enum Code: String, Sendable {
        case unauthenticated = "UNAUTHENTICATED"
        case forbidden = "FORBIDDEN"
        case badUserInput = "BAD_USER_INPUT"
        case notFound = "NOT_FOUND"
        case conflict = "CONFLICT"
        /// A change-feed cursor older than the kept tombstones: the client resyncs in full.
        case syncCursorExpired = "SYNC_CURSOR_EXPIRED"
        case rateLimited = "RATE_LIMITED"
        /// A file over its size limit (a recording over `MIRUBATO_RECORDING_MAX_BYTES`).
        case payloadTooLarge = "PAYLOAD_TOO_LARGE"
        /// A file that would take the account past its storage quota.
        case quotaExceeded = "QUOTA_EXCEEDED"
        case notImplemented = "NOT_IMPLEMENTED"
        case queryTooComplex = "QUERY_TOO_COMPLEX"
        case persistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"
        /// Registering a persisted query where only trusted documents run (Apollo Server's name).
        case persistedQueryNotSupported = "PERSISTED_QUERY_NOT_SUPPORTED"
        /// A document that is not in the trusted-document manifest.
        case operationNotAllowlisted = "OPERATION_NOT_ALLOWLISTED"
        case timeout = "TIMEOUT"
        case serviceUnavailable = "SERVICE_UNAVAILABLE"
        case badRequest = "BAD_REQUEST"
        case internalServerError = "INTERNAL_SERVER_ERROR"
        /// The query is not GraphQL (a syntax error).
        case graphQLParseFailed = "GRAPHQL_PARSE_FAILED"
        /// The query is not valid against the schema.
        case graphQLValidationFailed = "GRAPHQL_VALIDATION_FAILED"
    }

    /// The category.
    public let code: Code
    /// A message for people, safe to show a client.
    public let message: String
    /// Extra fields for `extensions`, such as the offending `field`.
    public let extensions: [String: JSONValue]
    /// Where in the query text the error points (GraphQL's `locations`); set by the engine.
    public var locations: [Location] = []
    /// The response path of the field that failed (GraphQL's `path`); empty for request errors.
    public var path: [PathElement] = []

    /// Creates an error.
    public init(_ code: Code, _ message: String, extensions: [String: JSONValue] = [:]) {
        self.code = code
        self.message = message
        self.extensions = extensions
    }

    /// Bad input in one argument or input field, named in `extensions.field`.
    public static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.badUserInput, message, extensions: ["field": .string(field)])
    }

    /// A field whose issue has not landed yet.
    public static func notImplemented(_ feature: String) -> APIError {
        APIError(.notImplemented, "\(feature) is not available yet.")
    }
}
