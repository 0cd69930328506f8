import Domain
import Foundation
import Schema
import Services
import Storage

/// The transport-free core: one request in, one response out, over a `Runtime` (the process's
/// connections, secrets and shared tiers) and the schema. Every request gets a fresh
/// `RequestContext`. Both the stdin handler and the FastCGI and CGI front ends call `respond`.
public final class Endpoint: Sendable {
    /// What the process opened at start-up.
    public let runtime: Runtime
    /// Prepares and runs the GraphQL of every request; holds the process's prepared documents.
    let engine: GraphQLEngine

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

    /// An endpoint over an opened runtime, with the schema built unless one built earlier in the
    /// process is given (FastCGI workers share it).
    public init(runtime: Runtime, schema: APISchema? = nil) throws {
        self.runtime = runtime
        engine = GraphQLEngine(schema: try schema ?? APISchema.make(), options: runtime.configuration.engineOptions)
    }

    /// An endpoint over an opened runtime and an engine of the caller's (tests run one with an
    /// oracle executor).
    init(runtime: Runtime, engine: GraphQLEngine) {
        self.runtime = runtime
        self.engine = engine
    }

    /// A worker's endpoint beside the process's: its own connections (`Runtime(worker:)`), the
    /// process's schema and prepared documents.
    public init(worker process: Endpoint) throws {
        runtime = try Runtime(worker: process.runtime)
        engine = process.engine
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

    /// Answers a raw request body: one JSON request object, or an array of them (a batch, run in
    /// order, each with its own result: the offline-replay path). `headers` and `clientAddress`
    /// come from the transport and win over any in the body; a transport with real headers
    /// (HTTP) passes `bodyHeaders: false` so a body cannot claim any.
    /// Every answer carries a request id, refusals included: a request's own (its
    /// `X-Request-ID`, else a new one) or, for a body refused before it became a request, the
    /// transport's.
    /// `acceptsIncremental` (a single request, not a batch) lets `@defer` and `@stream` answer in parts.
    public func respond(
        toBody body: [UInt8], headers: [String: String] = [:], clientAddress: String? = nil, bodyHeaders: Bool = true,
        acceptsIncremental: Bool = false
    ) async -> APIResponse {
        var response = await answer(
            toBody: body, headers: headers, clientAddress: clientAddress, bodyHeaders: bodyHeaders, acceptsIncremental: acceptsIncremental)
        if response.requestID == nil { response.requestID = Self.requestID(from: headers, random: random) }
        return response
    }

    private func answer(
        toBody body: [UInt8], headers: [String: String], clientAddress: String?, bodyHeaders: Bool, acceptsIncremental: Bool
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
        return await respond(
            toJSON: json, headers: headers, clientAddress: clientAddress, bodyHeaders: bodyHeaders, deadline: deadline,
            acceptsIncremental: acceptsIncremental)
    }

    private func respond(
        toJSON json: JSONValue, headers: [String: String], clientAddress: String?, bodyHeaders: Bool, deadline: UInt64,
        acceptsIncremental: Bool = false
    ) async -> APIResponse {
        guard var object = json.objectValue else {
            return ResponseWriter.requestError([APIError(.badRequest, "Each request of a batch must be a JSON object.")])
        }
        if !bodyHeaders { object["headers"] = nil }
        do {
            var request = try APIRequest(json: object)
            request.headers.merge(headers) { _, transport in transport }
            if let clientAddress { request.clientAddress = clientAddress }
            request.acceptsIncremental = acceptsIncremental
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
        // Set once, before anything can refuse, so a refusal carries it too (header and log line).
        let requestID = Self.requestID(from: request.headers, random: random)
        var response = await answer(request, requestID: requestID, deadline: given)
        response.requestID = requestID
        return response
    }

    private func answer(_ request: APIRequest, requestID: String, deadline given: UInt64?) async -> APIResponse {
        let timeout = configuration.requestTimeoutMilliseconds
        let deadline = given ?? DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout)) * 1_000_000
        guard DispatchTime.now().uptimeNanoseconds < deadline else {
            return ResponseWriter.requestError([APIError(.timeout, "The request took longer than \(timeout) ms.")])
        }
        // The services are the process's own unless a test's clock header asks for another time.
        var services = runtime.services
        if configuration.allowsClockHeader, let text = request.headers["x-mirubato-now"], let instant = Timestamp(iso8601: text) {
            services = runtime.services(clock: FixedClock(instant))
        }
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
        var phases: [TimedPhase] = []
        let prepared: PreparedOperation
        switch engine.prepare(query: resolved.query, operationName: request.operationName, phases: &phases) {
        case .ready(let ready): prepared = ready
        case .refused(let errors): return ResponseWriter.requestError(errors)
        }
        if let hash = resolved.hashToStore { persisted.store(resolved.query, hash: hash) }
        if prepared.kind == .subscription {
            return ResponseWriter.requestError([APIError(
                .badRequest, "Subscriptions are served over HTTP streams: POST /graphql/stream with Accept: text/event-stream, "
                    + "or POST /graphql with Accept: multipart/mixed;subscriptionSpec=\"1.0\".")])
        }
        if request.readOnly, prepared.kind == .mutation {
            var response = ResponseWriter.requestError([APIError(.badRequest, "Mutations must be sent with POST.")])
            response.outcome = .mutationNotAllowed
            return response
        }
        let context = RequestContext(
            services: services, requestID: requestID, viewer: viewer, clientAddress: request.clientAddress, deadline: deadline,
            uploads: request.uploads)
        let bound: BoundOperation
        do {
            bound = try engine.bind(prepared, variables: request.variables)
        } catch {
            return ResponseWriter.requestError([error])
        }
        // The cost follows the data (page sizes, list lengths). A costly operation is admitted
        // when its estimate fits in what is left of its client's rate budget (one unit per 1,000
        // from 2,000 on, `QueryCostReport.rateUnits`), and is charged what its answer actually
        // cost, as Shopify's API does.
        var cost = QueryCostReport(requested: bound.cost, limit: configuration.maxCost)
        let rateSubject = Self.rateSubject(viewer, request)
        do {
            guard cost.requested <= cost.limit else {
                throw APIError(
                    .queryTooComplex, "The query would cost \(cost.requested), more than \(cost.limit) (one per field, times the page size or assumed length of each list).",
                    extensions: ["cost": .object(["requested": .integer(Int64(cost.requested)), "limit": .integer(Int64(cost.limit))])])
            }
            if QueryCostReport.rateUnits(cost.requested) > 0 {
                try services.limiter.spend(
                    "requests", subject: rateSubject, budget: settings.requests, units: 0, reserving: QueryCostReport.rateUnits(cost.requested), scope: .process)
            }
        } catch {
            return requestError(error, requestID: requestID)
        }
        if request.acceptsIncremental, var early = await earlyIncrementalAnswer(
            bound, request: request, context: context, cost: cost,
            charge: { [services, settings, log] actual in
                do {
                    try services.limiter.charge(
                        "requests", subject: rateSubject, budget: settings.requests, units: QueryCostReport.rateUnits(actual), scope: .process)
                } catch {
                    log.internalError(detail: "rate charge: \(error)", requestID: requestID)
                }
            })
        {
            early.phases = phases
            early.operationType = prepared.kind?.rawValue
            early.operationName = prepared.name
            early.userID = try? context.viewer.userID()
            return early
        }
        let outcome: ExecutionOutcome
        let executeStart = DispatchTime.now().uptimeNanoseconds
        // A traced request records its SQL statements too (`StatementTimings`).
        let statements = configuration.otlpEndpoint == nil ? nil : StatementTimings()
        do {
            outcome = try await StatementTimings.$current.withValue(statements) {
                try await engine.run(bound, context: context, timeoutMilliseconds: configuration.requestTimeoutMilliseconds)
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
        for failure in outcome.failures { log.internalError(detail: failure, requestID: requestID) }
        let actual = min(cost.requested, outcome.answeredFields ?? cost.requested)
        cost.actual = actual
        do {
            try services.limiter.charge("requests", subject: rateSubject, budget: settings.requests, units: QueryCostReport.rateUnits(actual), scope: .process)
        } catch {
            // The answer is made; a budget that could not be counted (the KV is down) must not lose it.
            log.internalError(detail: "rate charge: \(error)", requestID: requestID)
        }
        var response = ResponseWriter.result(outcome, cost: cost)
        response.phases = phases
        guard response.body.utf8.count <= configuration.maxResponseBytes else {
            return ResponseWriter.requestError([APIError(
                .queryTooComplex, "The answer would be larger than \(configuration.maxResponseBytes) bytes; ask for smaller pages or fewer fields.")])
        }
        response.planned = outcome.planned
        response.operationType = prepared.kind?.rawValue
        response.operationName = prepared.name
        response.userID = try? context.viewer.userID()
        response.sessionCookie = context.effects.session.map { effect in
            switch effect {
            case .set(let token, let maxAge): .set(token: token, maxAge: maxAge)
            case .clear: .clear
            }
        }
        response.isPublic = context.viewer == .anonymous && outcome.errors.isEmpty && prepared.kind == .query && prepared.readsOnlyPublicFields
        if request.acceptsIncremental {
            response.parts = engine.incrementalParts(of: bound, result: response.body)
        }
        return response
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

    private func malformed(_ reason: String) -> APIResponse {
        var response = ResponseWriter.requestError([APIError(.badRequest, reason)])
        response.outcome = .malformed
        response.reason = reason
        return response
    }
}
