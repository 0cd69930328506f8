import Domain
import GraphQL

/// What executing an operation produced, whichever executor ran it: the data already written as
/// JSON text, and the field errors.
struct ExecutionResult: Sendable {
    /// The `data` member's JSON text; nil when execution never started (bad variables, an
    /// unknown operation) or a non-null root field failed.
    var data: JSONBytes?
    /// Field and execution errors, in the order they happened.
    var errors: [GraphQLError]
    /// Whether the plan executor ran the operation (rather than GraphQLSwift's).
    var planned: Bool

    /// A result of the plan executor.
    init(data: JSONBytes?, errors: [GraphQLError]) {
        self.data = data
        self.errors = errors
        planned = true
    }

    /// A result of GraphQLSwift's executor, its data written out.
    init(_ result: GraphQLResult) {
        data = result.data.map { map in
            var bytes = JSONBytes()
            MapWriter.write(map, to: &bytes)
            return bytes
        }
        errors = result.errors
        planned = false
    }

    /// What an error raised before any field ran is, for `extensions.code`: GraphQLSwift's
    /// coercion of variable values says "Variable …" (bad input); anything else there (an
    /// unknown operation name) is a bad request. GraphQLSwift gives these errors no kind but their
    /// text, so this is the one place that reads it. Nil for field errors.
    static func requestErrorCode(of error: GraphQLError) -> APIError.Code? {
        guard error.path.elements.isEmpty else { return nil }
        return error.message.hasPrefix("Variable") ? .badUserInput : .badRequest
    }
}
