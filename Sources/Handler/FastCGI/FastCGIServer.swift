import CFastCGI
import Domain
import Synchronization
import Endpoint
import Foundation
import Schema
import Services

/// Serves the HTTP gateway over FastCGI. A supervisor process listens and starts a server
/// process with the listening socket as its standard input (the FastCGI spawn convention); the
/// server builds the schema once; its dispatcher thread reads every connection (the record layer
/// is this project's, so an idle kept connection holds no worker) and queues whole requests for
/// `--workers` worker threads, each with its own SQLite connections. If the server process dies (a crash in a request), the supervisor starts
/// another on the same socket, so no connection is refused; SIGTERM lets in-flight requests
/// finish, then both exit. The server is a fresh exec, not a fork: the Swift runtime and
/// libdispatch are not fork-safe.
struct FastCGIServer {
    /// Where to listen: HOST:PORT or a socket path.
    let address: String
    /// Worker threads in the server process.
    let workers: Int
    /// The bindings every worker's endpoint opens.
    let configuration: Configuration
    /// Browser and caching options of the gateways.
    let options: HTTPGateway.Options

    /// Listens, then supervises server processes until SIGTERM or SIGINT.
    func supervise(arguments: [String]) throws -> Int32 {
        guard FCGX_Init() == 0 else { throw ServeError("FCGX_Init failed") }
        let socket = FCGX_OpenSocket(address, 256)
        guard socket >= 0 else { throw ServeError("cannot listen on \(address)") }
        // libfcgi takes an address without a port for a socket path: only its owner may connect.
        if !address.containsBytes(of: ":") { chmod(address, 0o600) }
        installStopHandlers(wake: -1)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while !stopping {
            let server = Process()
            server.executableURL = executable
            server.arguments = arguments
            server.standardInput = FileHandle(fileDescriptor: socket, closeOnDealloc: false)
            let started = Date()
            try server.run()
            while server.isRunning {
                if stopping { server.terminate() }
                usleep(20_000)
            }
            if !stopping {
                complain("mirubato: server process ended (status \(server.terminationStatus)); starting another\n")
                // A server that dies at once (bad configuration) must not spin.
                if Date().timeIntervalSince(started) < 1 { sleep(1) }
            }
        }
        return 0
    }

    /// The server process, on the inherited socket (standard input).
    func serveInherited() -> Int32 {
        // The supervisor may have died (SIGKILL) before the request to follow it took hold.
        guard cfcgi_terminate_with_parent() == 0, getppid() != 1 else { return 1 }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return 1 }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        installStopHandlers(wake: pipeEnds[1])
        return serve(socket: 0, wake: pipeEnds[0])
    }

    /// On SIGTERM or SIGINT: set the flag and wake the dispatcher (write(2) is safe in a signal
    /// handler), which stops accepting; the requests in hand finish.
    private func installStopHandlers(wake: Int32) {
        wakeDescriptor.store(wake, ordering: .releasing)
        let stop: @convention(c) (Int32) -> Void = { _ in
            stopRequested.store(1, ordering: .releasing)
            var byte: UInt8 = 1
            _ = write(wakeDescriptor.load(ordering: .acquiring), &byte, 1)
        }
        _ = cfcgi_install_handler(SIGTERM, stop)
        _ = cfcgi_install_handler(SIGINT, stop)
    }

    /// The server process: one endpoint (the schema, prepared documents, secrets, caches, rate
    /// counters, random source, migrations run once), and `workers` threads, each with its own
    /// connections over it (`Endpoint(worker:)`), taking whole requests from the queue the
    /// dispatcher (this thread) fills.
    private func serve(socket: Int32, wake: Int32) -> Int32 {
        let process: Endpoint
        do {
            process = try Endpoint(configuration: configuration, counters: RateCounters())
        } catch {
            complain("mirubato serve: \(error)\n")
            return 1
        }
        let group = DispatchGroup()
        let metrics = Metrics()
        let queue = JobQueue()
        for index in 0..<workers {
            let gateway: HTTPGateway
            do {
                gateway = HTTPGateway(endpoint: index == 0 ? process : try Endpoint(worker: process), options: options, metrics: metrics)
            } catch {
                complain("mirubato serve: \(error)\n")
                return 1
            }
            group.enter()
            Thread {
                Self.work(queue: queue, gateway: gateway)
                group.leave()
            }.start()
        }
        complain("mirubato: serving FastCGI on \(address) with \(workers) workers\n")
        FastCGIDispatcher(listener: socket, queue: queue, bodyLimit: { configuration.bodyLimit(contentType: $0) }, wake: wake).run { stopping }
        group.wait()
        return 0
    }

    /// One worker thread: answer queued requests until the queue closes. An event stream is
    /// handed to a thread of its own, so subscribers never hold the workers that answer requests.
    private static func work(queue: JobQueue, gateway: HTTPGateway) {
        let executor = WorkerExecutor()
        while let job = queue.take() {
            let http = HTTPRequest(metaVariables: job.metaVariables, body: job.body)
            var response = executor.run { await gateway.handle(http) }
            if let remainder = response.remainder {
                // An incremental answer's first part leaves now; the worker computes the rest.
                job.write(response.cgiStreamHead + Array(response.body.utf8))
                job.write(Array(executor.run { await remainder() }.utf8))
                job.finish()
                continue
            }
            if let stream = response.stream, streams.begin(user: stream.userID, address: stream.clientAddress) {
                job.write(response.cgiStreamHead)
                let framing = response.framing
                Thread { Self.stream(stream, framing: framing, to: job) }.start()
                continue
            }
            if response.stream != nil {
                response = HTTPResponse(
                    status: 429, headers: [("Retry-After", "30"), ("Content-Type", "text/plain; charset=utf-8")],
                    body: "Too many live subscriptions for this account or address, or on this server.\n")
            }
            job.answer(response.cgiMessage)
        }
    }

    /// Runs a stream on its own thread, then ends the request and gives back its slot.
    private static func stream(_ stream: EventStream, framing: StreamFraming, to job: FastCGIJob) {
        WorkerExecutor().run {
            await StreamPump.run(stream, framing: framing, stopping: { stopping || job.connection.isGone }, write: job.write)
        }
        job.finish()
        streams.end(user: stream.userID, address: stream.clientAddress)
    }
}

/// Writes a line to standard error with write(2), which is safe in any state of the process.
private func complain(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Set by the signal handlers; read by the accept loops and the supervisor.
private let stopRequested = Atomic<Int32>(0)

/// Whether a stop was requested (lock-free, so the signal handler may set it).
private var stopping: Bool { stopRequested.load(ordering: .acquiring) != 0 }
/// The pipe the signal handlers write to, waking the dispatcher (-1 in the supervisor).
private let wakeDescriptor = Atomic<Int32>(-1)


private let streams = StreamSlots()

/// A reason `serve` cannot start.
struct ServeError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String
    /// Creates the error.
    init(_ description: String) { self.description = description }
}
