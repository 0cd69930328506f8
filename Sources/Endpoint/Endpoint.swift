import Domain
import Foundation
import GraphQL
import Schema
import Services
import Storage

/// The transport-free core: one request in, one response out, over a `Runtime` (the process's
/// connections, secrets and shared tiers) and the schema. Every request gets a fresh
/// `RequestContext`. Both the stdin handler and the FastCGI and CGI front ends call `respond`.
public final class Endpoint: Sendable {
    /// What the process opened at start-up.
    public let runtime: Runtime
    let schema: APISchema
    /// Prepared documents, shared by the process's requests.
    let documents: DocumentCache

    /// The configuration the endpoint was built with.
    public var configuration: Configuration { runtime.configuration }
    /// The process's connection to the database.
    var database: Database { runtime.database }
    var kv: KVStore { runtime.kv }
    /// Where ids and random picks come from.
    var random: any RandomSource { runtime.random }
    /// Sign-in settings with the resolved keys.
    var settings: AuthSettings { runtime.settings }
    private var log: Log { runtime.log }

    /// The executable schema.
    var apiSchema: APISchema { schema }

    /// An endpoint over an opened runtime, with the schema built unless one built earlier in the
    /// process is given (FastCGI workers share it).
    public init(runtime: Runtime, schema: APISchema? = nil) throws {
        self.runtime = runtime
        self.schema = try schema ?? APISchema.make()
        documents = DocumentCache(capacity: runtime.configuration.documentCacheSize)
    }

    /// Opens a runtime for `configuration` (see `Runtime.init`), then the endpoint over it.
    public convenience init(
        configuration: Configuration, schema: APISchema? = nil, counters: RateCounters? = nil, random: (any RandomSource)? = nil,
        log: Log = Log()
    ) throws {
        try self.init(runtime: Runtime(configuration: configuration, counters: counters, random: random, log: log), schema: schema)
    }

    /// Deepest JSON nesting accepted in a request body (variables included); deeper input is
    /// refused before it reaches recursive code.
    static let maxJSONDepth = 64

    /// Root fields whose answers are the same for every anonymous client: HTTP may cache them.
    static let publicRootFields: Set<String> = ["listSheetMusic", "sheetMusic", "__typename", "__schema", "__type"]

    /// Answers a raw request body: one JSON request object, or an array of them (a batch, run in
    /// order, each with its own result: the offline-replay path). `headers` and `clientAddress`
    /// come from the transport and win over any in the body; a transport with real headers
    /// (HTTP) passes `bodyHeaders: false` so a body cannot claim any.
    public func respond(
        toBody body: [UInt8], headers: [String: String] = [:], clientAddress: String? = nil, bodyHeaders: Bool = true
    ) async -> APIResponse {
        // One time limit for the whole HTTP request: a batch shares it, it does not multiply it.
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, configuration.requestTimeoutMilliseconds)) * 1_000_000
        guard body.count <= configuration.maxBodyBytes else {
            return malformed("The request is larger than \(configuration.maxBodyBytes) bytes.")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(body, maxDepth: Self.maxJSONDepth)
        } catch {
            return malformed("The request is not valid JSON: \(error.reason).")
        }
        if case .array(let items) = json {
            guard !items.isEmpty, items.count <= configuration.maxBatch else {
                return malformed("A batch must hold 1 to \(configuration.maxBatch) requests.")
            }
            var responses: [APIResponse] = []
            for item in items {
                responses.append(await respond(
                    toJSON: item, headers: headers, clientAddress: clientAddress, bodyHeaders: bodyHeaders, deadline: deadline))
            }
            return ResponseWriter.batch(responses)
        }
        guard json.objectValue != nil else {
            return malformed("The request must be a JSON object or an array of them.")
        }
        return await respond(toJSON: json, headers: headers, clientAddress: clientAddress, bodyHeaders: bodyHeaders, deadline: deadline)
    }

    private func respond(
        toJSON json: JSONValue, headers: [String: String], clientAddress: String?, bodyHeaders: Bool, deadline: UInt64
    ) async -> APIResponse {
        guard var object = json.objectValue else {
            return ResponseWriter.requestError([APIError(.badRequest, "Each request of a batch must be a JSON object.")])
        }
        if !bodyHeaders { object["headers"] = nil }
        do {
            var request = try APIRequest(json: object)
            request.headers.merge(headers) { _, transport in transport }
            if let clientAddress { request.clientAddress = clientAddress }
            return await respond(to: request, deadline: deadline)
        } catch {
            return ResponseWriter.requestError([error])
        }
    }

    /// Answers one decoded request. The rate limit is spent before any other work (per user,
    /// or per client address when credentials are absent or invalid), so an over-budget client
    /// gets `RATE_LIMITED` without costing a parse; a persisted query is stored only once its
    /// document parsed and validated.
    public func respond(to request: APIRequest, deadline given: UInt64? = nil) async -> APIResponse {
        let requestID = Self.requestID(from: request.headers, random: random)
        let timeout = configuration.requestTimeoutMilliseconds
        let deadline = given ?? DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout)) * 1_000_000
        guard DispatchTime.now().uptimeNanoseconds < deadline else {
            return ResponseWriter.requestError([APIError(.timeout, "The request took longer than \(timeout) ms.")])
        }
        var clock = configuration.clock
        if configuration.allowsClockHeader, let text = request.headers["x-mirubato-now"], let instant = Timestamp(iso8601: text) {
            clock = FixedClock(instant)
        }
        let services = makeServices(clock: clock)
        let viewer: Viewer
        let persisted = PersistedQueries(kv: kv)
        let resolved: PersistedQueries.Resolution
        do {
            viewer = try Credentials.viewer(from: request.headers, auth: services.auth)
            try services.limiter.spend("requests", subject: Self.rateSubject(viewer, request), budget: settings.requests, scope: .process)
            if let trusted = configuration.trustedDocuments {
                let query = try trusted.resolve(query: request.query, documentID: request.documentID, extensions: request.extensions)
                resolved = PersistedQueries.Resolution(query: query, hashToStore: nil)
            } else {
                resolved = try persisted.resolve(query: request.query, extensions: request.extensions)
            }
        } catch {
            return requestError(error, requestID: requestID)
        }
        let document: Document
        let operation: OperationDefinition?
        let compiled: PlannedOperation?
        let fixedCost: Int?
        var phases: [TimedPhase] = []
        switch preparedDocument(query: resolved.query, operationName: request.operationName, phases: &phases) {
        case .ready(let ready, let named, let planned, let cost): (document, operation, compiled, fixedCost) = (ready, named, planned, cost)
        case .refused(let response): return response
        }
        if let hash = resolved.hashToStore { persisted.store(resolved.query, hash: hash) }
        if operation?.operation == .subscription {
            return ResponseWriter.requestError([APIError(
                .badRequest, "Subscriptions are served over HTTP streams: POST /graphql/stream with Accept: text/event-stream, "
                    + "or POST /graphql with Accept: multipart/mixed;subscriptionSpec=\"1.0\".")])
        }
        if request.readOnly, operation?.operation == .mutation {
            var response = ResponseWriter.requestError([APIError(.badRequest, "Mutations must be sent with POST.")])
            response.outcome = .mutationNotAllowed
            return response
        }
        let context = RequestContext(
            services: services, requestID: requestID, viewer: viewer, clientAddress: request.clientAddress, deadline: deadline)
        let variables = request.variables.mapValues(MapConversion.map)
        if let operation, !operation.variableDefinitions.isEmpty, let (error, field) = schema.variableError(operation: operation, variables: variables) {
            return ResponseWriter.requestError(graphQLErrors: [error], code: .badUserInput, extra: ["field": .string(field)])
        }
        // The cost follows the data (page sizes, list lengths); a costly request also spends
        // more of its client's rate budget, one unit per 100.
        let cost = QueryCostReport(
            requested: fixedCost ?? operation.map { schema.cost(of: $0, in: document, variables: variables) } ?? 0, limit: configuration.maxCost)
        do {
            guard cost.requested <= cost.limit else {
                throw APIError(
                    .queryTooComplex, "The query would cost \(cost.requested), more than \(cost.limit) (one per field, times the page size or assumed length of each list).",
                    extensions: ["cost": .object(["requested": .integer(Int64(cost.requested)), "limit": .integer(Int64(cost.limit))])])
            }
            if cost.requested >= 200 {
                try services.limiter.spend("requests", subject: Self.rateSubject(viewer, request), budget: settings.requests, units: cost.requested / 100, scope: .process)
            }
        } catch {
            return requestError(error, requestID: requestID)
        }
        let result: ExecutionResult
        let executeStart = DispatchTime.now().uptimeNanoseconds
        // A traced request records its SQL statements too (`StatementTimings`).
        let statements = configuration.otlpEndpoint == nil ? nil : StatementTimings()
        do {
            result = try await StatementTimings.$current.withValue(statements) {
                try await execute(request, variables: variables, document: document, operation: operation, compiled: compiled, context: context)
            }
        } catch let error as APIError where error.code == .timeout {
            log.write(["level": .string("warning"), "event": .string("timeout"), "requestId": .string(requestID)])
            return ResponseWriter.requestError([error])
        } catch {
            return requestError(error, requestID: requestID)
        }
        phases.append(TimedPhase(name: "graphql.execute", start: executeStart, end: DispatchTime.now().uptimeNanoseconds))
        for entry in statements?.recorded ?? [] {
            let verb = entry.sql.split(whereSeparator: { $0.isWhitespace }).first.map { $0.uppercased() } ?? "SQL"
            phases.append(TimedPhase(name: "sqlite \(verb)", start: entry.start, end: entry.end, detail: entry.sql))
        }
        var response = ResponseWriter.result(result, log: log, requestID: requestID, cost: cost)
        response.phases = phases
        guard response.body.utf8.count <= configuration.maxResponseBytes else {
            return ResponseWriter.requestError([APIError(
                .queryTooComplex, "The answer would be larger than \(configuration.maxResponseBytes) bytes; ask for smaller pages or fewer fields.")])
        }
        response.requestID = requestID
        response.planned = result.planned
        // Spelled out: interpolating the enum describes it through reflection, on every request.
        response.operationType = operation.map {
            switch $0.operation {
            case .query: "query"
            case .mutation: "mutation"
            case .subscription: "subscription"
            }
        }
        response.operationName = operation?.name?.value
        response.userID = try? context.viewer.userID()
        response.sessionCookie = context.effects.session.map { effect in
            switch effect {
            case .set(let token, let maxAge): .set(token: token, maxAge: maxAge)
            case .clear: .clear
            }
        }
        response.isPublic = context.viewer == .anonymous && result.errors.isEmpty && operation?.operation == .query
            && (operation?.selectionSet.selections.allSatisfy { selection in
                (selection as? Field).map { Self.publicRootFields.contains($0.name.value) } ?? false
            } ?? false)
        return response
    }

    /// Runs a prepared operation, with its variables already converted, before the context's deadline: on the plan executor (compiled
    /// with the document, or now for these variables), which checks the deadline itself, or on
    /// GraphQLSwift's, raced against it (and its resolvers refuse to run past it). Throws
    /// `TIMEOUT` past the deadline.
    private func execute(
        _ request: APIRequest, variables: [String: Map], document: Document, operation: OperationDefinition?,
        compiled: PlannedOperation?, context: RequestContext
    ) async throws -> ExecutionResult {
        let timeout = configuration.requestTimeoutMilliseconds
        // Operations without variables were compiled (or found uncovered) with the document.
        if configuration.usesPlanExecutor, let operation, let planned = compiled
            ?? (operation.variableDefinitions.isEmpty ? nil : schema.compile(document: document, operation: operation, variables: variables)) {
            return try schema.execute(planned, context: context, timeoutMilliseconds: timeout)
        }
        let schema = schema.schema
        let remaining = Int((context.deadline &- min(context.deadline, DispatchTime.now().uptimeNanoseconds)) / 1_000_000)
        guard let result = try await Deadline.run(milliseconds: remaining, {
            try await GraphQL.execute(
                schema: schema, documentAST: document, rootValue: (), context: context, variableValues: variables,
                operationName: request.operationName)
        }) else {
            throw APIError(.timeout, "The request took longer than \(timeout) ms.")
        }
        return ExecutionResult(result)
    }

    /// The answer to an error raised before execution: an `APIError` as it is, anything else as
    /// an internal error whose details go only to the log.
    private func requestError(_ error: any Error, requestID: String) -> APIResponse {
        if let apiError = StorageFailure.publicError(for: error) {
            if apiError.code == .serviceUnavailable { log.internalError(error, requestID: requestID) }
            return ResponseWriter.requestError([apiError])
        }
        log.internalError(error, requestID: requestID)
        return ResponseWriter.requestError([APIError(.internalServerError, "Internal server error.")])
    }

    /// The services of one request over this endpoint's connections.
    func makeServices(clock: any Clock) -> AppServices {
        runtime.services(clock: clock)
    }

    private func malformed(_ reason: String) -> APIResponse {
        var response = ResponseWriter.requestError([APIError(.badRequest, reason)])
        response.outcome = .malformed
        response.reason = reason
        return response
    }
}
