import Endpoint
import NIOCore
import NIOWebSocket
import Synchronization

/// One upgraded socket: hands its text messages, in order, to a `GraphQLWSConnection` running
/// on a task of its own, answers the WebSocket control frames, pings the client and closes a
/// socket that stopped answering. State is touched on the channel's event loop only, but the
/// count of messages waiting, which the connection's task lowers.
final class SocketHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// Messages read ahead of the connection before the socket stops reading (a burst of
    /// thousands waits in the client's and the kernel's buffers, not in this process).
    static let readAhead = 32

    private let settings: SocketSettings
    private let headers: [String: String]
    private let subprotocolAgreed: Bool
    private let clientAddress: String
    private let waiting = Atomic<Int>(0)
    private var paused = false
    private var messages: AsyncStream<String>.Continuation?
    private var connection: GraphQLWSConnection?
    /// The socket as the connection sees it; its state says whether a close frame went out.
    private var peer: ChannelPeer?
    private var timers: [Scheduled<Void>] = []
    private var pinger: RepeatedTask?
    private var unansweredPings = 0
    /// Whether a refused frame is being answered with a close frame.
    private var refused = false

    init(settings: SocketSettings, headers: [String: String], subprotocolAgreed: Bool, clientAddress: String) {
        self.settings = settings
        self.headers = headers
        self.subprotocolAgreed = subprotocolAgreed
        self.clientAddress = clientAddress
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        let state = SocketState()
        let peer = ChannelPeer(channel: channel, state: state, sendTimeout: settings.sendTimeout)
        self.peer = peer
        settings.open.add(peer)
        guard subprotocolAgreed else {
            Task { await peer.close(code: .subprotocolNotAcceptable, reason: "Subprotocol not acceptable") }
            return
        }
        let connection = GraphQLWSConnection(
            endpoint: settings.nextEndpoint(), peer: peer, slots: settings.slots, clientAddress: clientAddress, upgradeHeaders: headers)
        self.connection = connection
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        messages = continuation
        Task { [self] in
            for await text in stream {
                if waiting.subtract(1, ordering: .relaxed).newValue == Self.readAhead / 4 {
                    channel.eventLoop.execute { self.resumeReading(channel) }
                }
                await connection.receive(text)
            }
        }
        timers.append(context.eventLoop.scheduleTask(in: settings.initTimeout) {
            Task { await connection.initialisationTimeElapsed() }
        })
        pinger = context.eventLoop.scheduleRepeatedTask(initialDelay: settings.pingInterval, delay: settings.pingInterval) { [self] task in
            // Nothing follows a close frame.
            if state.closeSent { return task.cancel() }
            guard unansweredPings < 2 else {
                task.cancel()
                channel.close(promise: nil)
                return
            }
            unansweredPings += 1
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .ping, data: channel.allocator.buffer(capacity: 0)), promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            guard let messages else { return }
            if waiting.add(1, ordering: .relaxed).newValue >= Self.readAhead, !paused {
                paused = true
                context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
            }
            messages.yield(String(buffer: frame.unmaskedData))
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .pong:
            unansweredPings = 0
        case .connectionClose:
            // The client's close: answered with its code (RFC 6455 5.5.1) unless the server's
            // own close went first, then the socket ends.
            guard let state = peer?.state, !state.closeSent else { return context.close(promise: nil) }
            state.closeSent = true
            var data = frame.unmaskedData
            let code = data.readWebSocketErrorCode() ?? .normalClosure
            var reply = context.channel.allocator.buffer(capacity: 2)
            reply.write(webSocketErrorCode: code)
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: reply)))
                .whenComplete { _ in context.close(promise: nil) }
        case .binary:
            guard let peer else { return }
            Task { await peer.close(code: .badRequest, reason: "Invalid message received: binary messages are not part of graphql-transport-ws") }
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        settings.open.remove(context.channel)
        messages?.finish()
        messages = nil
        connection?.ended()
        for timer in timers { timer.cancel() }
        pinger?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Frames the decoder or the aggregator refused: a close frame says why, and the socket
        // ends only after the close wait, so that the rest of a large message is read and
        // dropped meanwhile (closing with it unread resets the connection, and a proxy may
        // lose the close frame with it).
        // Once refused, the decoder reports each later read as an error too: they are dropped.
        guard !refused else { return }
        guard let peer else { return context.close(promise: nil) }
        refused = true
        switch error {
        case NIOWebSocketError.invalidFrameLength, NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge,
             NIOWebSocketFrameAggregator.Error.tooManyFragments:
            Task { await peer.close(code: .messageTooBig, reason: "The message is larger than the request limit") }
        case is NIOWebSocketError, is NIOWebSocketFrameAggregator.Error:
            Task { await peer.close(code: .protocolError, reason: "Frames out of place") }
        default:
            context.close(promise: nil)
        }
    }

    private func resumeReading(_ channel: Channel) {
        guard paused else { return }
        paused = false
        channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
    }
}

/// What the handler and the peer both know of a socket; touched on its event loop only.
final class SocketState: @unchecked Sendable {
    /// Whether a close frame went out: nothing may follow it.
    var closeSent = false
}

/// The connection's side of the socket.
struct ChannelPeer: GraphQLWSPeer {
    /// How long the server waits for the client's answer to its close frame.
    static let closeWait = TimeAmount.seconds(1)

    let channel: Channel
    let state: SocketState
    /// How long one message may take to leave: a client that stops reading is closed after it,
    /// instead of holding its streams and their slots.
    let sendTimeout: TimeAmount

    func send(_ text: String) async -> Bool {
        let (channel, state) = (channel, state)
        let frame = WebSocketFrame(fin: true, opcode: .text, data: channel.allocator.buffer(string: text))
        let timer = channel.eventLoop.scheduleTask(in: sendTimeout) { channel.close(promise: nil) }
        defer { timer.cancel() }
        do {
            try await channel.eventLoop.flatSubmit {
                state.closeSent ? channel.eventLoop.makeFailedFuture(ChannelError.outputClosed) : channel.writeAndFlush(frame)
            }.get()
            return true
        } catch {
            return false
        }
    }

    func close(code: GraphQLWSCloseCode, reason: String) async {
        let (channel, state) = (channel, state)
        var data = channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: Int(code.rawValue)))
        data.writeString(reason)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
        try? await channel.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            guard !state.closeSent else { return channel.eventLoop.makeSucceededVoidFuture() }
            state.closeSent = true
            return channel.writeAndFlush(frame).always { _ in
                channel.eventLoop.scheduleTask(in: Self.closeWait) { channel.close(promise: nil) }
            }
        }.get()
    }
}
