import Dispatch
import GraphQL

/// How one field is resolved, independent of the executor: a read of the parent value, or a
/// call that needs the request (arguments, context). Both are synchronous (the services read
/// local SQLite), so the plan executor runs a whole operation without suspending. It calls
/// them directly; `graphQLResolve` adapts them to GraphQLSwift's executor.
enum FieldResolver: Sendable {
    /// Reads the parent value only.
    case parent(@Sendable (Any) throws -> (any Sendable)?)
    /// Needs the parent, the field's arguments and the request context.
    case request(@Sendable (Any, Arguments, RequestContext) throws -> (any Sendable)?)

    /// The same resolver in GraphQLSwift's shape, which its schema needs and its executor calls
    /// (tests run it as the oracle). Past the request's deadline it throws instead: that executor
    /// does not check a deadline itself.
    var graphQLResolve: GraphQLFieldResolve {
        switch self {
        case .parent(let resolve):
            return { source, _, context, _ in
                try Self.checkDeadline(context)
                return try resolve(source)
            }
        case .request(let resolve):
            return { source, arguments, context, _ in
                guard let context = context as? RequestContext else {
                    throw SchemaMismatch(detail: "context is a \(type(of: context))")
                }
                try Self.checkDeadline(context)
                return try resolve(source, Arguments(arguments), context)
            }
        }
    }

    private static func checkDeadline(_ context: Any) throws {
        if let context = context as? RequestContext, context.deadline != .max, DispatchTime.now().uptimeNanoseconds >= context.deadline {
            throw PlanTimeout()
        }
    }
}
