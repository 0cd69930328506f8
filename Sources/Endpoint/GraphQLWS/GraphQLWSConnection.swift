import Domain
import Foundation

/// One connection of the GraphQL over WebSocket protocol (`graphql-transport-ws`, what
/// Apollo's `GraphQLWsLink`, urql, Relay and gql's `WebsocketsTransport` speak) over a socket
/// the listener accepted. It answers each message the client sends, in order: queries and
/// mutations run at once (one `next`, then `complete`), subscriptions become streams that run
/// beside the socket's reading until they end or the client completes them. The requests are
/// the endpoint's, with its authentication, rate budgets, cost limit and stream caps.
public final class GraphQLWSConnection: @unchecked Sendable {
    /// The WebSocket subprotocol a client must offer.
    public static let subprotocol = "graphql-transport-ws"
    /// Longest operation id accepted (the protocol leaves it open; clients use counters or UUIDs).
    static let maxIDLength = 128

    private enum Phase {
        /// Before `connection_init`.
        case waiting
        /// After `connection_ack`: operations may run.
        case acknowledged
        /// The socket was closed or ended; nothing more is sent.
        case closed
    }

    private let endpoint: Endpoint
    private let peer: any GraphQLWSPeer
    private let slots: StreamSlots
    private let clientAddress: String
    /// What every request of the connection carries: the upgrade request's cookie, then the
    /// `Authorization` of `connection_init`'s payload.
    private var headers: [String: String]
    private let lock = NSLock()
    private var phase = Phase.waiting
    /// What the socket's log line reports when it ends.
    private let opened = DispatchTime.now().uptimeNanoseconds
    private var operations = 0
    private var userID: String?
    private var closeCode: GraphQLWSCloseCode?
    /// The live streams by operation id (a stream that ends removes itself, and never a later
    /// one the client started under the same id).
    private var streams: [String: LiveStream] = [:]

    /// A connection over `peer` for a client at `clientAddress`; `upgradeHeaders` (names
    /// lower-cased) are the upgrade request's, of which only the cookie is kept: a browser's
    /// WebSocket sends the app's session cookie and no other credentials.
    public init(endpoint: Endpoint, peer: any GraphQLWSPeer, slots: StreamSlots, clientAddress: String, upgradeHeaders: [String: String]) {
        self.endpoint = endpoint
        self.peer = peer
        self.slots = slots
        self.clientAddress = clientAddress
        headers = upgradeHeaders.filter { $0.key == "cookie" }
    }

    /// Handles one text message; the listener calls it for each in the order received.
    public func receive(_ text: String) async {
        guard lock.withLock({ phase != .closed }) else { return }
        guard let message = (try? JSONParser.parse(text, maxDepth: Endpoint.maxJSONDepth))?.objectValue,
              let type = message["type"]?.stringValue else {
            return await close(.badRequest, "Invalid message received: a message is a JSON object with a string type")
        }
        switch type {
        case "connection_init": await initialise(payload: message["payload"])
        case "ping":
            // The payload, if any, comes back as it was sent.
            let payload = message["payload"].flatMap(\.objectValue).map { ",\"payload\":" + JSONWriter.string(.object($0)) } ?? ""
            _ = await peer.send("{\"type\":\"pong\"\(payload)}")
        case "pong": return
        case "subscribe": await subscribe(message)
        case "complete":
            guard let id = Self.operationID(message["id"]) else {
                return await close(.badRequest, "Invalid message received: complete needs the id of an operation")
            }
            lock.withLock { streams.removeValue(forKey: id) }?.stop()
        default:
            await close(.badRequest, "Invalid message received: \(type.prefix(40)) is not a client message")
        }
    }

    /// Closes the socket with 4408 unless `connection_init` arrived; the listener calls it once
    /// the allowed wait is over.
    public func initialisationTimeElapsed() async {
        guard lock.withLock({ phase == .waiting }) else { return }
        await close(.connectionInitialisationTimeout, "Connection initialisation timeout")
    }

    /// The socket ended (the client closed it, or it failed): its streams stop, and one log
    /// line says how long it lived, for whom, how many operations it ran and how the server
    /// closed it (no address, token or document, as for HTTP requests).
    public func ended() {
        let (live, line) = lock.withLock { () -> ([LiveStream], [String: JSONValue]?) in
            defer {
                phase = .closed
                streams.removeAll()
            }
            guard phase != .closed else { return ([], nil) }
            let milliseconds = Double((DispatchTime.now().uptimeNanoseconds - opened) / 1_000) / 1_000
            return (Array(streams.values), [
                "event": .string("websocket_closed"), "durationMs": .double(milliseconds), "operations": .integer(Int64(operations)),
                "userId": userID.map(JSONValue.string) ?? .null, "closeCode": closeCode.map { .integer(Int64($0.rawValue)) } ?? .null,
                "time": .string(SystemClock().now().iso8601),
            ])
        }
        for stream in live { stream.stop() }
        if let line { endpoint.runtime.log.write(line) }
    }

    private func initialise(payload: JSONValue?) async {
        let first = lock.withLock {
            guard phase == .waiting else { return false }
            phase = .acknowledged
            return true
        }
        guard first else { return await close(.tooManyInitialisationRequests, "Too many initialisation requests") }
        let members: [String: JSONValue]
        switch payload {
        case nil, .null?: members = [:]
        case .object(let object)?: members = object
        default: return await close(.badRequest, "Invalid message received: connection_init's payload is an object")
        }
        // `{"Authorization": "Bearer …"}` (any case), or the same inside `headers`, as clients'
        // connection parameters put it.
        let carried = (members["headers"]?.objectValue ?? [:]).merging(members) { _, top in top }
        if let (_, value) = carried.first(where: { $0.key.lowercased() == "authorization" }) {
            guard let authorization = value.stringValue else {
                return await close(.badRequest, "Invalid message received: Authorization is a string")
            }
            lock.withLock { headers["authorization"] = authorization }
        }
        // Credentials that do not hold end the connection, as a client that presents them
        // expects to act as their user; none at all is an anonymous connection.
        let viewer: Viewer
        do {
            viewer = try Credentials.viewer(from: lock.withLock { headers }, auth: endpoint.runtime.services.auth)
        } catch {
            return await close(.internalServerError, "Internal server error")
        }
        if case .rejected(let error) = viewer { return await close(.forbidden, "Forbidden: \(error.message)") }
        lock.withLock { userID = viewer.signedInUserID }
        _ = await peer.send("{\"type\":\"connection_ack\"}")
    }

    private func subscribe(_ message: [String: JSONValue]) async {
        guard lock.withLock({ phase == .acknowledged }) else { return await close(.unauthorized, "Unauthorized") }
        guard let id = Self.operationID(message["id"]) else {
            return await close(.badRequest, "Invalid message received: subscribe needs an id of 1 to \(Self.maxIDLength) characters")
        }
        guard let payload = message["payload"]?.objectValue, var request = try? APIRequest(json: payload) else {
            return await close(.badRequest, "Invalid message received: subscribe's payload is a GraphQL request object")
        }
        if lock.withLock({ streams[id] != nil }) {
            return await close(.subscriberAlreadyExists, "Subscriber for \(id.prefix(64)) already exists")
        }
        request.headers = lock.withLock {
            operations += 1
            return headers
        }
        request.clientAddress = clientAddress
        let quoted = JSONWriter.string(.string(id))
        guard endpoint.isSubscription(request) else {
            // A query or a mutation: its result (with @defer or @stream, each part of it, as the
            // protocol's streaming operations), then complete; refused before it ran, an error.
            request.acceptsIncremental = true
            let response = await endpoint.respond(to: request)
            guard response.outcome == .executed else { return await sendErrors(of: response, id: quoted) }
            for part in response.parts ?? [response.body] {
                guard await sendNext(part, id: quoted) else { return }
            }
            // The parts that follow a first part sent before the rest was computed.
            for part in await response.remainingParts?.compute() ?? [] {
                guard await sendNext(part, id: quoted) else { return }
            }
            _ = await peer.send("{\"id\":\(quoted),\"type\":\"complete\"}")
            return
        }
        switch await endpoint.subscribe(to: request) {
        case .refused(let response):
            await sendErrors(of: response, id: quoted)
        case .stream(let stream):
            guard slots.begin(user: stream.userID, address: stream.clientAddress) else {
                let refusal = ResponseWriter.requestError([APIError(
                    .rateLimited, "Too many live subscriptions for this account or address, or on this server.")])
                return await sendErrors(of: refusal, id: quoted)
            }
            // Listed before its task starts: a stream that ends at once still removes itself.
            let live = LiveStream(slot: { [slots] in slots.end(user: stream.userID, address: stream.clientAddress) })
            lock.withLock { streams[id] = live }
            live.start { [self] in
                await pump(stream, id: id, live: live, quoted: quoted)
            }
            if lock.withLock({ phase != .acknowledged }) { live.stop() }
        }
    }

    /// Sends a stream's events until the subscribed object reaches a final state (then
    /// `complete`), the client completes it or leaves, or its sign-in ends (then the error
    /// as its last result, and the socket closes with 4403: every operation on it carries the
    /// same credentials).
    private func pump(_ stream: EventStream, id: String, live: LiveStream, quoted: String) async {
        var open = true
        while open, !Task.isCancelled, !stream.isFinished {
            for payload in await stream.next() where open && !Task.isCancelled {
                open = await sendNext(payload, id: quoted)
            }
        }
        lock.withLock {
            if streams[id] === live { streams[id] = nil }
        }
        guard open, !Task.isCancelled else { return }
        if let error = stream.endingError {
            _ = await sendNext(error, id: quoted)
            return await close(.forbidden, "Forbidden: the sign-in this connection was opened with has ended")
        }
        _ = await peer.send("{\"id\":\(quoted),\"type\":\"complete\"}")
    }

    /// A `next` message: one result (a GraphQL response object) of the operation `quoted` (its id as JSON).
    private func sendNext(_ result: String, id quoted: String) async -> Bool {
        await peer.send("{\"id\":\(quoted),\"type\":\"next\",\"payload\":\(result)}")
    }

    /// An `error` message: the response's GraphQL errors, for an operation refused before it ran.
    private func sendErrors(of response: APIResponse, id quoted: String) async {
        _ = await peer.send("{\"id\":\(quoted),\"type\":\"error\",\"payload\":\(response.errorsJSON)}")
    }

    private func close(_ code: GraphQLWSCloseCode, _ reason: String) async {
        lock.withLock { closeCode = closeCode ?? code }
        ended()
        // A close frame's reason holds at most 123 bytes.
        var reason = reason
        while reason.utf8.count > 123 { reason.removeLast() }
        await peer.close(code: code, reason: reason)
    }

    private static func operationID(_ value: JSONValue?) -> String? {
        guard let id = value?.stringValue, !id.isEmpty, id.count <= maxIDLength else { return nil }
        return id
    }
}

/// A live stream of a connection: its task, and its slot in `StreamSlots`, given back once,
/// as soon as the stream is stopped (a stream waiting for PostgreSQL's next notice notices its
/// cancellation only when the wait ends, up to 5 s later).
private final class LiveStream: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var slot: (@Sendable () -> Void)?
    private var stopped = false

    init(slot: @escaping @Sendable () -> Void) {
        self.slot = slot
    }

    /// Runs `body` on a task of its own; the slot is given back when it returns.
    func start(_ body: @escaping @Sendable () async -> Void) {
        let task = Task {
            await body()
            self.releaseSlot()
        }
        // Stopped before it was known (the socket ended meanwhile): stopped now.
        if lock.withLock({ self.task = task; return stopped }) { task.cancel() }
    }

    /// Cancels the task and gives the slot back.
    func stop() {
        lock.withLock { stopped = true; return task }?.cancel()
        releaseSlot()
    }

    private func releaseSlot() {
        lock.withLock {
            defer { slot = nil }
            return slot
        }?()
    }
}
