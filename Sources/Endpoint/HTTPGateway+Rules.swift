import Domain

extension HTTPGateway {
    /// The GraphQL request of a GET's parameters; nil when `variables` or `extensions` is not JSON.
    static func request(from parameters: [String: String]) -> APIRequest? {
        /// A JSON-object parameter: absent, empty or null is an empty object; anything else but an object is invalid.
        func object(_ name: String) -> [String: JSONValue]? {
            guard let text = parameters[name], !text.isEmpty else { return [:] }
            switch try? JSONParser.parse(text, maxDepth: Endpoint.maxJSONDepth) {
            case .object(let members)?: return members
            case .null?: return [:]
            default: return nil
            }
        }
        guard let variables = object("variables"), let extensions = object("extensions") else { return nil }
        var request = APIRequest(query: parameters["query"], variables: variables, operationName: parameters["operationName"], extensions: extensions)
        request.documentID = parameters["documentId"]
        return request
    }

    /// Whether a `Content-Type` is JSON in UTF-8 (a charset other than UTF-8 is refused).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let parts = contentType.lowercased().split(separator: ";").map { $0.trimmingHTTPWhitespace() }
        guard parts.first == "application/json" else { return false }
        return parts.dropFirst().allSatisfy { !$0.hasPrefix("charset=") || $0 == "charset=utf-8" }
    }

    /// Apollo-style CSRF prevention: a request a browser could send without a preflight (a GET, or
    /// a POST with a "simple" content type) must carry a header a form cannot set.
    func csrfRefusal(_ request: HTTPRequest, media: MediaType) -> HTTPResponse? {
        let simpleTypes = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
        let contentType = request.headers["content-type"]?.lowercased().split(separator: ";").first.map(String.init)
        let hasNonSimpleType = contentType.map { !simpleTypes.contains($0.trimmingHTTPWhitespace()) } ?? false
        let hasPreflightHeader = ["apollo-require-preflight", "x-apollo-operation-name", "x-mirubato-client"]
            .contains { !(request.headers[$0] ?? "").isEmpty }
        guard !hasNonSimpleType, !hasPreflightHeader else { return nil }
        return graphQLError(400, media, "This request was blocked as a possible cross-site request forgery: send Content-Type: application/json, or the header apollo-require-preflight.")
    }

    /// A 405 naming the methods a path takes (`Allow`), unless the request uses one of them.
    func methodRefusal(_ request: HTTPRequest, allowed: [String], hint: String) -> HTTPResponse? {
        guard !allowed.contains(request.method) else { return nil }
        var response = plain(405, hint)
        response.headers.append(("Allow", allowed.joined(separator: ", ")))
        return response
    }

    /// The answer to a CORS preflight: allowed origins get the methods and headers the API uses.
    func preflight(_ request: HTTPRequest) -> HTTPResponse {
        guard let origin = request.headers["origin"], allowedOrigins.contains(origin) else {
            return HTTPResponse(status: 204, headers: [("Allow", "GET, POST, OPTIONS")])
        }
        return HTTPResponse(status: 204, headers: [
            ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "content-type, authorization, x-request-id, apollo-require-preflight, x-mirubato-client"),
            ("Access-Control-Max-Age", "600"), ("Allow", "GET, POST, OPTIONS"),
        ])
    }

    /// What a WebSocket upgrade that reached this gateway is told (nginx sends upgrades to
    /// `mirubato-ws`; this front end has none beside it): the transports served here.
    static let webSocketRefusal = "WebSocket (graphql-transport-ws) is not served here. Subscribe over HTTP: POST /graphql/stream with "
        + "Accept: text/event-stream (GraphQL over SSE), or POST /graphql with "
        + "Accept: multipart/mixed;subscriptionSpec=\"1.0\" (Apollo's multipart subscriptions)."

    /// Whether the client accepts incremental delivery (`@defer`, `@stream`) as `multipart/mixed`
    /// parts: Apollo Client's `deferSpec=20220824`, or GraphQL Yoga's plain `multipart/mixed`
    /// (not Apollo's multipart subscriptions, which are another protocol).
    static func acceptsIncrementalDelivery(_ request: HTTPRequest) -> Bool {
        guard let accept = request.headers["accept"]?.lowercased() else { return false }
        return accept.split(separator: ",").contains { type in
            type.containsBytes(of: "multipart/mixed") && !type.containsBytes(of: "subscriptionspec")
        }
    }

    /// Whether the client accepts Apollo's multipart subscription responses.
    static func acceptsMultipartSubscriptions(_ request: HTTPRequest) -> Bool {
        guard let accept = request.headers["accept"]?.lowercased() else { return false }
        return accept.containsBytes(of: "multipart/mixed") && accept.containsBytes(of: "subscriptionspec")
    }

    /// A live subscription: over Server-Sent Events (distinct connections mode), a POST to
    /// `/graphql/stream` with `Accept: text/event-stream`; or Apollo's multipart protocol, a POST
    /// to `/graphql` accepting `multipart/mixed;subscriptionSpec="1.0"`.
    func subscription(_ request: HTTPRequest, framing: StreamFraming = .serverSentEvents) async -> HTTPResponse {
        guard request.method == "POST" else {
            var response = plain(405, "Subscribe with POST.")
            response.headers.append(("Allow", "POST"))
            return response
        }
        if framing == .serverSentEvents, request.headers["accept"]?.contains("text/event-stream") != true {
            return plain(406, "Subscriptions answer text/event-stream.")
        }
        guard Self.isJSON(request.headers["content-type"]) else { return plain(415, "Send the subscription as application/json.") }
        let headers = request.headers.filter { ["authorization", "cookie"].contains($0.key) }
        switch await endpointForStreams.subscribe(toBody: request.body, headers: headers, clientAddress: request.remoteAddress) {
        case .refused(let api):
            // Denials (429, 503) as everywhere; otherwise the status says why no stream opened.
            var (status, headers) = Self.status(for: api, media: .json)
            if status < 429 {
                status = api.errorCodes.contains(.unauthenticated) ? 401 : api.errorCodes.contains(.notFound) ? 404 : 400
            }
            headers += [("Content-Type", MediaType.json.contentType), ("Cache-Control", "no-store")]
            return HTTPResponse(status: status, headers: headers, body: api.body)
        case .stream(let stream):
            var response = HTTPResponse(status: 200, headers: [
                ("Content-Type", framing.contentType), ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no"),
            ])
            response.stream = stream
            response.framing = framing
            return response
        }
    }

    /// A GraphQL-shaped error answer with a status.
    func graphQLError(_ status: Int, _ media: MediaType, _ message: String) -> HTTPResponse {
        let body = ResponseWriter.requestError([APIError(.badRequest, message)]).body
        return HTTPResponse(status: status, headers: [("Content-Type", media.contentType), ("Cache-Control", "private, no-store")], body: body)
    }

    /// A short plain-text answer.
    func plain(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")], body: message + "\n")
    }
}
