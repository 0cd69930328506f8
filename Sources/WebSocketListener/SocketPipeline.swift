import Endpoint
import Foundation
import NIOCore
import NIOHTTP1
import NIOWebSocket
import Synchronization

/// What every socket of the listener shares.
final class SocketSettings: Sendable {
    /// The process's endpoint and its workers' (`Endpoint(worker:)`, each with its own
    /// connections): sockets take them in turn, so that their streams' deliveries do not all
    /// queue on one database connection.
    let endpoints: [Endpoint]
    private let turns = Atomic<Int>(0)

    init(
        endpoints: [Endpoint], slots: StreamSlots, allowedOrigins: Set<String>, trustsForwardedAddress: Bool, maxMessageBytes: Int,
        initTimeout: TimeAmount, pingInterval: TimeAmount, sendTimeout: TimeAmount
    ) {
        (self.endpoints, self.slots, self.allowedOrigins, self.trustsForwardedAddress) = (endpoints, slots, allowedOrigins, trustsForwardedAddress)
        (self.maxMessageBytes, self.initTimeout, self.pingInterval, self.sendTimeout) = (maxMessageBytes, initTimeout, pingInterval, sendTimeout)
    }

    /// The endpoint for a new socket.
    func nextEndpoint() -> Endpoint {
        endpoints[turns.add(1, ordering: .relaxed).oldValue % endpoints.count]
    }

    let slots: StreamSlots
    /// Origins besides the request's own that a browser may open a socket from
    /// (`MIRUBATO_CORS_ORIGINS`): a WebSocket is not protected by CORS, and a browser sends the
    /// app's session cookie with any page's upgrade.
    let allowedOrigins: Set<String>
    /// Whether `X-Real-IP` names the client (on the owner-only Unix socket only nginx connects).
    let trustsForwardedAddress: Bool
    let maxMessageBytes: Int
    let initTimeout: TimeAmount
    let pingInterval: TimeAmount
    let sendTimeout: TimeAmount
    /// The sockets open now, told when the listener stops.
    let open = OpenSockets()
}

/// The upgraded sockets of the process, so that a stopping listener can say so on each.
final class OpenSockets: @unchecked Sendable {
    private let lock = NSLock()
    private var peers: [ObjectIdentifier: ChannelPeer] = [:]

    func add(_ peer: ChannelPeer) {
        lock.withLock { peers[ObjectIdentifier(peer.channel)] = peer }
    }

    func remove(_ channel: Channel) {
        _ = lock.withLock { peers.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes every socket with 1001 (going away), so clients reconnect to the next process at once.
    func closeAll() async {
        await withTaskGroup(of: Void.self) { group in
            for peer in lock.withLock({ Array(peers.values) }) {
                group.addTask { await peer.close(code: .goingAway, reason: "The server is restarting") }
            }
        }
    }
}

/// Sets up a connection: HTTP until an upgrade the listener accepts, then WebSocket frames.
enum SocketPipeline {
    static func configure(_ channel: Channel, settings: SocketSettings) -> EventLoopFuture<Void> {
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: settings.maxMessageBytes,
            // SocketHandler answers refused frames itself (it waits before closing).
            automaticErrorHandling: false,
            shouldUpgrade: { channel, head in
                guard originAllowed(head.headers, settings: settings) else { return channel.eventLoop.makeSucceededFuture(nil) }
                var headers = HTTPHeaders()
                if offersSubprotocol(head.headers) { headers.add(name: "Sec-WebSocket-Protocol", value: GraphQLWSConnection.subprotocol) }
                return channel.eventLoop.makeSucceededFuture(headers)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.removeHandler(sync.handler(type: RefusalHandler.self))
                    var headers: [String: String] = [:]
                    for (name, value) in head.headers { headers[name.lowercased()] = value }
                    let address = settings.trustsForwardedAddress ? headers["x-real-ip"] : nil
                    try sync.addHandler(NIOWebSocketFrameAggregator(
                        minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1_024, maxAccumulatedFrameSize: settings.maxMessageBytes))
                    try sync.addHandler(SocketHandler(
                        settings: settings, headers: headers, subprotocolAgreed: offersSubprotocol(head.headers),
                        clientAddress: address ?? channel.remoteAddress?.ipAddress ?? "local"))
                }
            })
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
            try channel.pipeline.syncOperations.addHandler(RefusalHandler(settings: settings))
        }
    }

    /// Whether the client offered `graphql-transport-ws` in `Sec-WebSocket-Protocol`.
    static func offersSubprotocol(_ headers: HTTPHeaders) -> Bool {
        headers["sec-websocket-protocol"].lazy.flatMap { $0.split(separator: ",") }
            .contains { $0.trimmingCharacters(in: .whitespaces) == GraphQLWSConnection.subprotocol }
    }

    /// No `Origin` (a client that is not a browser), the page's own origin (the app behind the
    /// same nginx), or one of the allowed origins.
    static func originAllowed(_ headers: HTTPHeaders, settings: SocketSettings) -> Bool {
        guard let origin = headers.first(name: "origin") else { return true }
        if settings.allowedOrigins.contains(origin) { return true }
        guard let host = headers.first(name: "host") else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }
}

/// Answers a request the listener does not upgrade: 403 to a browser page from an origin that
/// is not allowed, 426 to anything that is not a WebSocket upgrade.
final class RefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let settings: SocketSettings
    private var status = HTTPResponseStatus.upgradeRequired

    init(settings: SocketSettings) {
        self.settings = settings
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = SocketPipeline.originAllowed(head.headers, settings: settings) ? .upgradeRequired : .forbidden
        case .body:
            break
        case .end:
            let text = status == .forbidden
                ? "This origin may not open a WebSocket to the API.\n"
                : "This address serves GraphQL over WebSocket only (Upgrade: websocket, Sec-WebSocket-Protocol: graphql-transport-ws).\n"
            var headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "\(text.utf8.count)"), ("Connection", "close")])
            if status == .upgradeRequired { headers.add(name: "Upgrade", value: "websocket") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        }
    }
}
