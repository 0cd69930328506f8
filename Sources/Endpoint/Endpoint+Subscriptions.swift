import Domain
import Schema
import Services
import Storage

extension Endpoint {
    /// The event topic each `Subscription` field follows (a test checks it names every field of
    /// the SDL's `Subscription` type).
    static let subscriptionTopics: [String: EventTopic] = [
        "practiceSessionUpdated": .practiceSession,
        "achievementUnlocked": .achievement,
        "myChanges": .changes,
    ]

    /// What `subscribe` answers: a stream, or a GraphQL response explaining why not.
    public enum Subscription: Sendable {
        /// The subscription is live.
        case stream(EventStream)
        /// It was refused (bad document, not signed in, not a subscription, unknown session).
        case refused(APIResponse)
    }

    /// How often one account may open a subscription: enough to reconnect through flaky
    /// networks, not to churn streams.
    static let subscribeBudget = RateBudget(limit: 30, windowSeconds: 60)

    /// Whether a request body holds a subscription operation: what decides that a POST to
    /// `/graphql` accepting Apollo's multipart subscriptions is streamed. The document is
    /// prepared (and cached) as any request's is.
    public func isSubscription(body: [UInt8]) -> Bool {
        guard body.count <= configuration.maxBodyBytes, let json = try? JSONParser.parse(body, maxDepth: Self.maxJSONDepth),
              let object = json.objectValue, let query = object["query"]?.stringValue else { return false }
        return isSubscription(query: query, operationName: object["operationName"]?.stringValue)
    }

    /// Whether a request's document and operation name select a subscription operation (what
    /// decides that the WebSocket listener streams it); false for a document that does not
    /// prepare, which `respond` then refuses in the usual words.
    public func isSubscription(_ request: APIRequest) -> Bool {
        guard let query = request.query else { return false }
        return isSubscription(query: query, operationName: request.operationName)
    }

    private func isSubscription(query: String, operationName: String?) -> Bool {
        guard case .ready(let prepared) = engine.prepare(query: query, operationName: operationName) else { return false }
        return prepared.kind == .subscription
    }

    /// Starts a subscription for a signed-in user.
    public func subscribe(toBody body: [UInt8], headers: [String: String], clientAddress: String) async -> Subscription {
        guard let json = try? JSONParser.parse(body, maxDepth: Self.maxJSONDepth), var object = json.objectValue else {
            return .refused(ResponseWriter.requestError([APIError(.badRequest, "The request must be a JSON object.")]))
        }
        object["headers"] = nil
        let request: APIRequest
        do {
            request = try APIRequest(json: object)
        } catch {
            return .refused(ResponseWriter.requestError([error]))
        }
        var transported = request
        transported.headers = headers
        transported.clientAddress = clientAddress
        return await subscribe(to: transported)
    }

    /// Starts a subscription for a decoded request, whose headers and client address the
    /// transport set (the WebSocket listener's `subscribe` messages).
    public func subscribe(to request: APIRequest) async -> Subscription {
        do {
            return try await subscribe(request)
        } catch let error as APIError {
            return .refused(ResponseWriter.requestError([error]))
        } catch {
            return .refused(ResponseWriter.requestError([APIError(.internalServerError, "Internal server error.")]))
        }
    }

    private func subscribe(_ request: APIRequest) async throws -> Subscription {
        guard let query = request.query, !query.isEmpty else { throw APIError(.badRequest, "The request has no query.") }
        let prepared: PreparedOperation
        switch engine.prepare(query: query, operationName: request.operationName) {
        case .ready(let ready): prepared = ready
        case .refused(let errors): return .refused(ResponseWriter.requestError(errors))
        }
        guard prepared.kind == .subscription, let field = prepared.soleRootField
        else { throw APIError(.badRequest, "Send one subscription operation with one root field.") }
        let services = runtime.services
        let viewer = try Credentials.viewer(from: request.headers, auth: services.auth)
        let userID = try viewer.userID()
        try services.limiter.spend("subscribe", subject: "user:" + userID, budget: Self.subscribeBudget, scope: .process)
        guard let topic = Self.subscriptionTopics[field] else {
            // A subscription added to the schema needs its topic here before it can be served.
            throw APIError(.notImplemented, "The subscription \(field) is not served yet.")
        }
        var subjectID: String?
        if topic == .practiceSession {
            subjectID = prepared.stringArgument("sessionId", variables: request.variables)
            guard let id = subjectID, try services.sessions.session(viewer: viewer, id: id) != nil else {
                throw APIError(.notFound, "There is no practice session with this id.")
            }
        }
        let random = self.random
        let sessions = services.sessions
        let stream = try EventStream(
            engine: engine, operation: try engine.bind(prepared, variables: request.variables), clientAddress: request.clientAddress,
            events: EventStore(database: database),
            topic: topic, subjectID: subjectID, userID: userID,
            makeContext: { [self] in
                RequestContext(
                    services: runtime.services, requestID: Nanoid.make(using: random), viewer: viewer,
                    clientAddress: request.clientAddress)
            },
            timeoutMilliseconds: configuration.requestTimeoutMilliseconds,
            reachedEnd: { [subjectID] in
                // A session's updates end when it is completed or abandoned; achievements never end.
                guard topic == .practiceSession, let id = subjectID else { return false }
                return (try? sessions.session(viewer: viewer, id: id))??.status.isOpen == false
            },
            authorization: { [self] in
                // The same credentials, checked again against the clock and the session's state.
                let current = try? Credentials.viewer(from: request.headers, auth: runtime.services.auth)
                guard let current, (try? current.userID()) == userID else {
                    return APIError(.unauthenticated, "The sign-in this subscription was opened with has ended; sign in and subscribe again.")
                }
                return nil
            },
            signals: runtime.eventSignals)
        return .stream(stream)
    }
}
