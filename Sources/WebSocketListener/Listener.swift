import ArgumentParser
import Endpoint
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// `mirubato-ws --listen ADDRESS`: GraphQL over WebSocket (`graphql-transport-ws`) beside the
/// FastCGI handler. FastCGI cannot carry an upgrade, so nginx sends `/graphql` upgrades here and
/// everything else to FastCGI. A program of its own, so that SwiftNIO is not in the binary every
/// per-request process maps.
@main
struct Listener: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirubato-ws",
        abstract: "Serve GraphQL over WebSocket (graphql-transport-ws) behind nginx.",
        discussion: """
            ADDRESS is unix:PATH (owner-only; the client address is nginx's X-Real-IP) or HOST:PORT \
            (the client address is the peer's). The store and the other settings are the handler's \
            MIRUBATO_* variables.
            """)

    @Option(help: "Where to listen: unix:PATH or HOST:PORT.")
    var listen: String

    @Option(help: "Milliseconds a socket may wait before connection_init (then 4408).")
    var initTimeout = 3_000

    @Option(help: "Seconds between the server's pings; a socket that answers none of two is closed.")
    var pingInterval = 15

    // As FastCGI's workers: on PostgreSQL each delivery is a round trip, and one connection
    // would deliver to every stream in turn.
    @Option(help: "Database connections the sockets share in turn.")
    var workers = 4

    @Option(help: "Seconds one message may take to leave; then the socket is closed (a client that stopped reading).")
    var sendTimeout = 10

    // A stream here is a task, not a thread as under FastCGI: the process holds many more.
    @Option(help: "Most live streams in the process.")
    var maxStreams = 4_096

    @Option(help: "Most live streams of one account.")
    var streamsPerAccount = 8

    @Option(help: "Most live streams from one client address.")
    var streamsPerAddress = 16

    func run() async throws {
        guard [workers, initTimeout, pingInterval, sendTimeout, maxStreams, streamsPerAccount, streamsPerAddress].allSatisfy({ $0 > 0 }) else {
            throw ValidationError("every number must be positive")
        }
        // Each socket is a descriptor: the soft limit (often 1,024) is raised to the hard one.
        var files = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &files) == 0, files.rlim_cur < files.rlim_max {
            files.rlim_cur = files.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &files)
        }
        let environment = ProcessInfo.processInfo.environment
        let endpoint = try Endpoint(configuration: Configuration())
        let endpoints = try [endpoint] + (1..<workers).map { _ in try Endpoint(worker: endpoint) }
        let settings = SocketSettings(
            endpoints: endpoints, slots: StreamSlots(limit: maxStreams, perUser: streamsPerAccount, perAddress: streamsPerAddress),
            allowedOrigins: HTTPGateway.Options(environment: environment).allowedOrigins,
            trustsForwardedAddress: listen.hasPrefix("unix:"),
            maxMessageBytes: endpoint.configuration.maxBodyBytes,
            initTimeout: .milliseconds(Int64(initTimeout)), pingInterval: .seconds(Int64(pingInterval)),
            sendTimeout: .seconds(Int64(sendTimeout)))
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Sockets come back together after a restart or a network change: room for them to queue.
            .serverChannelOption(.backlog, value: 1_024)
            .childChannelInitializer { channel in SocketPipeline.configure(channel, settings: settings) }
        let server: Channel
        if listen.hasPrefix("unix:") {
            let path = String(listen.dropFirst(5))
            try? FileManager.default.removeItem(atPath: path)
            server = try await bootstrap.bind(unixDomainSocketPath: path).get()
            // Owner-only, as the FastCGI socket: any local process that could connect could claim
            // any client address in X-Real-IP.
            chmod(path, 0o600)
        } else {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
                throw ValidationError("--listen must be unix:PATH or HOST:PORT")
            }
            server = try await bootstrap.bind(host: String(listen[..<colon]), port: port).get()
        }
        FileHandle.standardError.write(Data("mirubato-ws: serving graphql-transport-ws on \(listen)\n".utf8))
        // SIGTERM (scripts/serve's stop, systemd) or Ctrl-C: no new sockets, and each open one is
        // closed with 1001 so its client reconnects at once instead of after its own timeout.
        let (stop, stopping) = AsyncStream.makeStream(of: Void.self)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { stopping.yield() }
            source.resume()
            return source
        }
        for await _ in stop { break }
        sources.forEach { $0.cancel() }
        try? await server.close()
        await settings.open.closeAll()
        FileHandle.standardError.write(Data("mirubato-ws: stopped\n".utf8))
    }
}
