import Dispatch
import Domain
import GraphQL

/// The one door to GraphQL: prepares query text into operations (parse, limits, validation,
/// compilation, all cached per process) and runs them on the plan executor or GraphQLSwift's,
/// answering only the API's own types. Nothing outside this target sees a GraphQLSwift value.
public final class GraphQLEngine: Sendable {
    /// What a deployment turns on or off.
    public struct Options: Sendable {
        /// Whether `__schema` and `__type` may be asked.
        public var allowsIntrospection = true
        /// Whether validation errors keep their "Did you mean …?" sentence.
        public var suggestsNames = true
        /// Whether operations the plan executor covers run on it.
        public var usesPlanExecutor = true
        /// Prepared documents kept per process (0 turns the cache off).
        public var documentCacheSize = 256

        /// The defaults: everything on, 256 documents kept.
        public init() {}
    }

    let schema: APISchema
    let options: Options
    let documents: DocumentCache

    /// An engine over a built schema (FastCGI workers share one schema, each has its own engine).
    public init(schema: APISchema, options: Options = Options()) {
        self.schema = schema
        self.options = options
        documents = DocumentCache(capacity: options.documentCacheSize)
    }

    /// A query prepared, from the process's cache when it was seen before; the parse and
    /// validation, when they run, are added to `phases`.
    public func prepare(query: String, operationName: String?, phases: inout [TimedPhase]) -> Preparation {
        documents.document(for: DocumentCache.Key(query: query, operationName: operationName)) {
            preparing(query: query, operationName: operationName, phases: &phases)
        }
    }

    /// The same, when nobody traces it.
    public func prepare(query: String, operationName: String?) -> Preparation {
        var phases: [TimedPhase] = []
        return prepare(query: query, operationName: operationName, phases: &phases)
    }

    /// Coerces and checks the request's variables for an operation and computes its cost with
    /// them. Throws the first bad variable as `BAD_USER_INPUT`, located at its definition and
    /// naming the variable path in `extensions.field`, and `BAD_REQUEST` when the document has no
    /// operation of the requested name.
    public func bind(_ prepared: PreparedOperation, variables: [String: JSONValue]) throws(APIError) -> BoundOperation {
        guard let operation = prepared.operation else {
            throw Self.operationSelectionError(in: prepared.document, named: prepared.requestedName)
        }
        let values = variables.mapValues(MapConversion.map)
        if prepared.declaresVariables, let (problem, definition) = schema.plan.variableProblem(operation.variableDefinitions, input: values) {
            throw APIError.invalid(problem.path, problem.message).located(at: Self.locations(of: definition))
        }
        let cost = prepared.fixedCost ?? schema.cost(of: operation, in: prepared.document, variables: values)
        return BoundOperation(prepared: prepared, variables: values, cost: cost)
    }

    /// Runs a bound operation before the context's deadline: on the plan executor, which checks
    /// the deadline itself, or on GraphQLSwift's, raced against it (and its resolvers refuse to
    /// run past it). Throws `TIMEOUT` past the deadline; `timeoutMilliseconds` is the limit the
    /// message names.
    public func run(_ bound: BoundOperation, context: RequestContext, timeoutMilliseconds timeout: Int) async throws -> ExecutionOutcome {
        let prepared = bound.prepared
        if options.usesPlanExecutor, let (planned, arguments) = plan(of: bound) {
            return outcome(of: try schema.execute(planned, arguments: arguments, context: context, timeoutMilliseconds: timeout))
        }
        let (schema, document, variables, name) = (schema.schema, prepared.document, bound.variables, prepared.requestedName)
        let remaining = Int((context.deadline &- min(context.deadline, DispatchTime.now().uptimeNanoseconds)) / 1_000_000)
        guard let result = try await Deadline.run(milliseconds: remaining, {
            try await GraphQL.execute(
                schema: schema, documentAST: document, rootValue: (), context: context, variableValues: variables, operationName: name)
        }) else {
            throw APIError(.timeout, "The request took longer than \(timeout) ms.")
        }
        return outcome(of: ExecutionResult(result))
    }

    /// The plan of a bound operation with its slots' arguments: the document's own when it has
    /// no variables; else the one kept from an earlier request, bound to these variables; else
    /// one compiled now for them (and kept when none is). Nil when the plan executor does not
    /// cover the operation with these variables.
    private func plan(of bound: BoundOperation) -> (PlannedOperation, [Arguments])? {
        let prepared = bound.prepared
        if let planned = prepared.planned { return (planned, []) }
        guard prepared.declaresVariables, let operation = prepared.operation else { return nil }
        if let kept = prepared.keptPlan.plan, let arguments = schema.plan.bind(kept, variables: bound.variables) {
            return (kept, arguments)
        }
        guard let planned = schema.compile(document: prepared.document, operation: operation, variables: bound.variables),
              let arguments = schema.plan.bind(planned, variables: bound.variables) else { return nil }
        prepared.keptPlan.keep(planned)
        return (planned, arguments)
    }

    /// Runs a subscription's operation for one event about `subjectID` (on GraphQLSwift's
    /// executor, whose subscription root resolvers read the event); nil when it threw.
    public func run(_ bound: BoundOperation, event subjectID: String, context: RequestContext) async -> ExecutionOutcome? {
        guard let result = try? await GraphQL.execute(
            schema: schema.schema, documentAST: bound.prepared.document, rootValue: SubscriptionEvent(subjectID: subjectID),
            context: context, variableValues: bound.variables, operationName: bound.prepared.requestedName)
        else { return nil }
        return outcome(of: ExecutionResult(result))
    }
}
