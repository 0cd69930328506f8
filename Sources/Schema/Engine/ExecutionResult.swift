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
    /// The fields the plan executor answered, each list item's counted (the operation's actual
    /// cost, in `QueryCost`'s units); nil from GraphQLSwift's executor, which does not count.
    var answeredFields: Int?

    /// A result of the plan executor.
    init(data: JSONBytes?, errors: [GraphQLError], answeredFields: Int? = nil) {
        self.data = data
        self.errors = errors
        self.answeredFields = answeredFields
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
        answeredFields = nil
    }

    /// What an error raised before any field ran is, for `extensions.code`; nil for field errors.
    /// The engine picks the operation itself (`GraphQLEngine.bind`), so the only errors
    /// GraphQLSwift's executor raises before a field runs come from its coercion of variable
    /// values: bad input. No message text is read.
    static func requestErrorCode(of error: GraphQLError) -> APIError.Code? {
        error.path.elements.isEmpty ? .badUserInput : nil
    }
}
