import Domain
import GraphQL

/// The one door to GraphQL: prepares query text into operations (parse, limits, validation,
/// compilation, all cached per process) and runs them on the plan executor, answering only the
/// API's own types. Nothing outside this target sees a GraphQLSwift value. GraphQLSwift parses
/// and validates; its executor runs only in tests, as the oracle the plan executor is held to.
public final class GraphQLEngine: Sendable {
    /// What a deployment turns on or off.
    public struct Options: Sendable {
        /// Whether `__schema` and `__type` may be asked.
        public var allowsIntrospection = true
        /// Whether validation errors keep their "Did you mean …?" sentence.
        public var suggestsNames = true
        /// Prepared documents kept per process (0 turns the cache off).
        public var documentCacheSize = 256

        /// Another executor that runs every operation instead of the plan executor: only tests
        /// set it (`DifferentialTests` runs GraphQLSwift's there, as the oracle).
        var oracle: Oracle?

        /// The defaults: everything on, 256 documents kept.
        public init() {}
    }

    /// An executor of a validated document: its root value, context, coerced variables and
    /// requested operation name in, the library's result out.
    typealias Oracle = @Sendable (
        _ document: Document, _ root: any Sendable, _ context: RequestContext, _ variables: [String: Map], _ operationName: String?
    ) async throws -> GraphQLResult

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

    /// Runs a bound operation on the plan executor, which checks the context's deadline itself.
    /// Throws `TIMEOUT` past the deadline (`timeoutMilliseconds` is the limit the message names),
    /// and `INTERNAL_SERVER_ERROR` for a valid operation the plan executor does not cover, which
    /// `PlanCoverageTests` holds to never happen.
    public func run(_ bound: BoundOperation, context: RequestContext, timeoutMilliseconds timeout: Int) async throws -> ExecutionOutcome {
        if let oracle = options.oracle { return try await run(bound, on: oracle, root: (), context: context) }
        guard let (planned, arguments) = plan(of: bound) else { throw Self.uncovered }
        return outcome(of: try schema.execute(planned, arguments: arguments, context: context, timeoutMilliseconds: timeout))
    }

    /// Runs a bound operation over `root` on a test's oracle executor.
    private func run(_ bound: BoundOperation, on oracle: Oracle, root: any Sendable, context: RequestContext) async throws -> ExecutionOutcome {
        let prepared = bound.prepared
        return outcome(of: ExecutionResult(try await oracle(prepared.document, root, context, bound.variables, prepared.requestedName)))
    }

    /// What a request hears when the plan executor does not cover its valid operation.
    static let uncovered = APIError(.internalServerError, "The server cannot run this operation.")

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

    /// Runs a subscription's operation for one event about `subjectID`, with the event as the
    /// root value (its root resolvers read it); nil when it could not run (past the deadline, or
    /// not covered).
    public func run(_ bound: BoundOperation, event subjectID: String, context: RequestContext, timeoutMilliseconds timeout: Int) async -> ExecutionOutcome? {
        let event = SubscriptionEvent(subjectID: subjectID)
        if let oracle = options.oracle { return try? await run(bound, on: oracle, root: event, context: context) }
        guard let (planned, arguments) = plan(of: bound) else { return nil }
        return try? outcome(of: schema.execute(planned, arguments: arguments, root: event, context: context, timeoutMilliseconds: timeout))
    }
}
