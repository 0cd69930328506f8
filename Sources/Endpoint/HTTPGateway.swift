import Domain
import Foundation

/// GraphQL over HTTP on top of the transport-free `Endpoint`: methods, media types and status
/// codes as the GraphQL-over-HTTP spec says, browser rules (CORS, CSRF, the session cookie),
/// HTTP caching of public data, health, and one JSON log line per request.
public struct HTTPGateway: Sendable {
    /// How the gateway treats browsers.
    public struct Options: Sendable {
        /// Origins allowed to call the API from a browser (`MIRUBATO_CORS_ORIGINS`, comma-separated).
        public var allowedOrigins: Set<String> = []
        /// Seconds HTTP caches may keep public answers.
        public var publicMaxAge = 60
        /// Whether `/metrics` is answered: its counters live in a long-lived process, so a CGI
        /// process (one request each) answers 404 rather than empty counts.
        public var servesMetrics = true

        /// The defaults: no cross-origin browsers, one minute of caching.
        public init() {}

        /// The defaults with the origins of `MIRUBATO_CORS_ORIGINS` (comma-separated).
        public init(environment: [String: String]) {
            allowedOrigins = Set((environment["MIRUBATO_CORS_ORIGINS"] ?? "").split(separator: ",")
                .map { $0.trimmingHTTPWhitespace() }.filter { !$0.isEmpty })
        }
    }

    let endpoint: Endpoint
    private let options: Options
    private let log: Log
    private let metrics: Metrics
    /// Where spans go, when `MIRUBATO_OTLP_ENDPOINT` is set.
    private let exporter: OTLPExporter?

    /// The endpoint, for subscriptions.
    var endpointForStreams: Endpoint { endpoint }

    /// Origins allowed to call from a browser.
    var allowedOrigins: Set<String> { options.allowedOrigins }

    /// Creates a gateway over an endpoint; gateways of one process share their `metrics`.
    public init(endpoint: Endpoint, options: Options = Options(), metrics: Metrics = Metrics(), log: Log = Log()) {
        self.endpoint = endpoint
        exporter = endpoint.configuration.otlpEndpoint.flatMap(OTLPExporter.init(endpoint:))
        self.options = options
        self.metrics = metrics
        self.log = log
        // A transaction run again is counted and named: none is expected on the write paths,
        // which queue on their user's lock (Database.transaction(lockingUsers:)).
        endpoint.database.observeRetries { [metrics, log] error, attempt in
            metrics.recordRetry()
            log.write(["level": .string("warn"), "event": .string("transaction_retry"), "sqlState": .string(error.sqlState),
                       "attempt": .integer(Int64(attempt))])
        }
    }

    /// Answers one HTTP request and logs it.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        let trace = TraceContext(traceparent: request.headers["traceparent"])
        var (response, api) = await route(request)
        response.headers.append(("traceresponse", trace.responseHeader))
        if let origin = request.headers["origin"], options.allowedOrigins.contains(origin) {
            response.headers += [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true"), ("Vary", "Origin")]
        }
        if let id = api?.requestID { response.headers.append(("X-Request-ID", id)) }
        // No answer may be sniffed into something it is not (an error text run as HTML).
        response.headers.append(("X-Content-Type-Options", "nosniff"))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // In development the browser's network panel shows where the time went.
        if !endpoint.configuration.isProduction {
            response.headers.append(("Server-Timing", "app;dur=\((seconds * 1e6).rounded() / 1000)"))
        }
        if request.path == "/graphql" {
            metrics.record(operation: api?.operationName, status: response.status, seconds: seconds, errorCodes: api?.errorCodes ?? [])
        }
        if let exporter {
            var attributes: [String: JSONValue] = [
                "http.request.method": .string(request.method), "url.path": .string(request.path),
                "http.response.status_code": .integer(Int64(response.status)),
            ]
            if let name = api?.operationName { attributes["graphql.operation.name"] = .string(name) }
            if let type = api?.operationType { attributes["graphql.operation.type"] = .string(type) }
            exporter.export(
                trace: trace, name: "\(request.method) \(request.path)", start: started, end: DispatchTime.now().uptimeNanoseconds,
                attributes: attributes, phases: api?.phases ?? [])
        }
        var line: [String: JSONValue] = [
            "time": .string(SystemClock().now().iso8601), "method": .string(request.method), "path": .string(request.path),
            "status": .integer(Int64(response.status)), "durationMs": .double((seconds * 1e6).rounded() / 1000),
            "traceId": .string(trace.traceID), "spanId": .string(trace.spanID),
        ]
        if let api {
            line["requestId"] = api.requestID.map(JSONValue.string) ?? .null
            line["operationName"] = api.operationName.map(JSONValue.string) ?? .null
            line["operationType"] = api.operationType.map(JSONValue.string) ?? .null
            line["userId"] = api.userID.map(JSONValue.string) ?? .null
            line["errorCodes"] = .array(api.errorCodes.map { .string($0.rawValue) })
        }
        log.write(line)
        return response
    }

    private func route(_ request: HTTPRequest) async -> (HTTPResponse, APIResponse?) {
        if request.headers["upgrade"]?.lowercased() == "websocket", request.path.hasPrefix("/graphql") {
            return (plain(400, Self.webSocketRefusal), nil)
        }
        switch request.path {
        case "/healthz", "/readyz", "/livez":
            // Orchestrators: live while the process answers, ready while its stores answer and
            // its migrations are current; /healthz is the readiness check under its old name.
            let healthy = request.path == "/livez" || endpoint.runtime.isReady()
            return (HTTPResponse(status: healthy ? 200 : 503, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")],
                                 body: healthy ? #"{"status":"ok"}"# : #"{"status":"unavailable"}"#), nil)
        case "/graphql":
            return await graphQL(request)
        case "/graphql/stream":
            return (await subscription(request), nil)
        case "/unsubscribe":
            return (unsubscribe(request), nil)
        case let path where path.hasPrefix("/calendar/") && path.hasSuffix(".ics"):
            return (calendar(request), nil)
        case let path where path.hasPrefix("/recordings/"):
            return (recording(request), nil)
        case "/export.zip":
            return (exportArchive(request), nil)
        case "/metrics" where options.servesMetrics && ["127.0.0.1", "::1", "local"].contains(request.remoteAddress):
            return (HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8"), ("Cache-Control", "no-store")],
                                 body: metrics.exposition(writes: endpoint.database.writeTally)), nil)
        default:
            return (plain(404, "Not found."), nil)
        }
    }

    private func graphQL(_ request: HTTPRequest) async -> (HTTPResponse, APIResponse?) {
        if request.method == "OPTIONS" { return (preflight(request), nil) }
        guard request.method == "GET" || request.method == "POST" else {
            var response = plain(405, "Use GET for queries or POST.")
            response.headers.append(("Allow", "GET, POST, OPTIONS"))
            return (response, nil)
        }
        // A client that only accepts multipart subscription answers gets JSON for anything else.
        let multipart = request.method == "POST" && Self.acceptsMultipartSubscriptions(request)
        let incremental = Self.acceptsIncrementalDelivery(request)
        guard let media = MediaType.negotiate(request.headers["accept"]) ?? (multipart || incremental ? .json : nil) else {
            return (plain(406, "Accept application/graphql-response+json or application/json."), nil)
        }
        if let refusal = csrfRefusal(request, media: media) { return (refusal, nil) }
        if multipart, Self.isJSON(request.headers["content-type"]), endpoint.isSubscription(body: request.body) {
            return (await subscription(request, framing: .multipart), nil)
        }
        // Only these headers reach the GraphQL layer (the test clock only where tests allow it).
        let forwarded: Set<String> = endpoint.configuration.allowsClockHeader
            ? ["authorization", "cookie", "x-request-id", "x-mirubato-now"] : ["authorization", "cookie", "x-request-id"]
        let transportHeaders = request.headers.filter { forwarded.contains($0.key) }
        let api: APIResponse
        if request.method == "POST", let boundary = MultipartForm.boundary(of: request.headers["content-type"]) {
            guard request.body.count <= endpoint.configuration.bodyLimit(contentType: request.headers["content-type"]) else {
                return (plain(413, "The upload is larger than a recording may be."), nil)
            }
            var apiRequest: APIRequest
            do { apiRequest = try Self.uploadRequest(body: request.body, boundary: boundary) } catch {
                return (graphQLError(400, media, error.message), nil)
            }
            apiRequest.headers = transportHeaders
            apiRequest.clientAddress = request.remoteAddress
            apiRequest.acceptsIncremental = incremental
            api = await endpoint.respond(to: apiRequest)
        } else if request.method == "POST" {
            guard Self.isJSON(request.headers["content-type"]) else {
                return (plain(415, "Send the request as application/json."), nil)
            }
            guard request.body.count <= endpoint.configuration.maxBodyBytes else {
                return (plain(413, "The request is larger than \(endpoint.configuration.maxBodyBytes) bytes."), nil)
            }
            api = await endpoint.respond(
                toBody: request.body, headers: transportHeaders, clientAddress: request.remoteAddress, bodyHeaders: false,
                acceptsIncremental: incremental)
        } else {
            guard let parameters = FormDecoding.parameters(request.query),
                  var apiRequest = Self.request(from: parameters)
            else {
                return (graphQLError(400, media, "The query string is not a valid GraphQL request."), nil)
            }
            apiRequest.headers = transportHeaders
            apiRequest.clientAddress = request.remoteAddress
            apiRequest.readOnly = true
            apiRequest.acceptsIncremental = incremental
            api = await endpoint.respond(to: apiRequest)
        }
        return (response(for: api, media: media, request: request), api)
    }

    private func response(for api: APIResponse, media: MediaType, request: HTTPRequest) -> HTTPResponse {
        if let parts = api.parts {
            // Apollo Client's and GraphQL Yoga's framing: boundary "-", a JSON part each, "-----" at the end.
            @Sendable func framed(_ parts: [String]) -> String {
                parts.map { "\r\n---\r\nContent-Type: application/json; charset=utf-8\r\n\r\n" + $0 }.joined()
            }
            var response = HTTPResponse(status: 200, headers: [
                ("Content-Type", "multipart/mixed; boundary=\"-\"; deferSpec=20220824"), ("Cache-Control", "private, no-store"),
                ("X-Accel-Buffering", "no"),
            ], body: framed(parts))
            if let remaining = api.remainingParts {
                response.remainder = { framed(await remaining.compute()) + "\r\n-----\r\n" }
            } else {
                response.body += "\r\n-----\r\n"
            }
            return response
        }
        var (status, headers) = Self.status(for: api, media: media)
        headers.insert(("Content-Type", media.contentType), at: 0)
        switch api.sessionCookie {
        case .set(let token, let maxAge)?:
            headers.append(("Set-Cookie", "\(Credentials.cookieName)=\(token); Path=/; Max-Age=\(maxAge); HttpOnly; Secure; SameSite=Lax"))
        case .clear?:
            headers.append(("Set-Cookie", "\(Credentials.cookieName)=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"))
        case nil: break
        }
        if api.isPublic, request.method == "GET", status == 200 {
            let tag = "\"" + SHA256.hex(api.body).prefix(32) + "\""
            headers += [("Cache-Control", "public, max-age=\(options.publicMaxAge)"), ("ETag", tag), ("Vary", "Accept")]
            if let match = request.headers["if-none-match"], match.split(separator: ",").contains(where: { $0.trimmingHTTPWhitespace() == tag }) {
                return HTTPResponse(status: 304, headers: headers.filter { $0.name != "Content-Type" })
            }
        } else {
            headers.append(("Cache-Control", "private, no-store"))
        }
        return HTTPResponse(status: status, headers: headers, body: api.body)
    }
}
