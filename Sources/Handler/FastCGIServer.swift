import CFastCGI
import Synchronization
import Endpoint
import Foundation
import Schema

/// Serves the HTTP gateway over FastCGI. A supervisor process listens and starts a server
/// process with the listening socket as its standard input (the FastCGI spawn convention); the
/// server builds the schema once and runs one worker thread per `--workers`, each with its own
/// SQLite connections. If the server process dies (a crash in a request), the supervisor starts
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
        if !address.contains(":") { chmod(address, 0o600) }
        installStopHandlers(socket: socket)
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
        guard FCGX_Init() == 0 else { return 1 }
        installStopHandlers(socket: 0)
        return serve(socket: 0)
    }

    /// On SIGTERM or SIGINT: stop accepting (shutting the listening socket down wakes every thread
    /// blocked in accept) and let the requests in hand finish.
    private func installStopHandlers(socket: Int32) {
        listeningSocket.store(socket, ordering: .releasing)
        let stop: @convention(c) (Int32) -> Void = { _ in
            FCGX_ShutdownPending()
            stopRequested.store(1, ordering: .releasing)
            _ = shutdown(listeningSocket.load(ordering: .acquiring), Int32(SHUT_RDWR))
        }
        _ = cfcgi_install_handler(SIGTERM, stop)
        _ = cfcgi_install_handler(SIGINT, stop)
    }

    /// The server process: one schema, `workers` threads accepting on the shared socket.
    private func serve(socket: Int32) -> Int32 {
        let schema: APISchema
        do {
            schema = try APISchema.make()
        } catch {
            complain("mirubato serve: \(error)\n")
            return 1
        }
        let group = DispatchGroup()
        let metrics = Metrics()
        for _ in 0..<workers {
            let gateway: HTTPGateway
            do {
                gateway = HTTPGateway(endpoint: try Endpoint(configuration: configuration, schema: schema), options: options, metrics: metrics)
            } catch {
                complain("mirubato serve: \(error)\n")
                return 1
            }
            group.enter()
            let thread = Thread { [configuration] in
                Self.work(socket: socket, gateway: gateway, limit: configuration.maxBodyBytes)
                group.leave()
            }
            thread.start()
        }
        complain("mirubato: serving FastCGI on \(address) with \(workers) workers\n")
        group.wait()
        return 0
    }

    /// One worker thread: accept, answer, repeat until shutdown. An event stream is handed to a
    /// thread of its own, so subscribers never hold the workers that answer requests.
    private static func work(socket: Int32, gateway: HTTPGateway, limit: Int) {
        while !stopping {
            let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
            FCGX_InitRequest(request, socket, 0)
            guard FCGX_Accept_r(request) >= 0 else {
                request.deallocate()
                break
            }
            let http = read(request, limit: limit)
            var response = waitFor { await gateway.handle(http) }
            if let stream = response.stream, streams.begin(user: stream.userID, address: stream.clientAddress) {
                writeHead(response, to: request)
                let owned = OwnedRequest(pointer: request)
                let framing = response.framing
                Thread { Self.stream(stream, framing: framing, to: owned.pointer) }.start()
                continue
            }
            if response.stream != nil {
                response = HTTPResponse(
                    status: 429, headers: [("Retry-After", "30"), ("Content-Type", "text/plain; charset=utf-8")],
                    body: "Too many live subscriptions for this account or address, or on this server.\n")
            }
            write(response, to: request)
            FCGX_Finish_r(request)
            request.deallocate()
        }
    }

    /// Writes events until the subscribed object reaches a final state, the client leaves (a
    /// write fails) or the server stops.
    private static func stream(_ stream: EventStream, framing: StreamFraming, to request: UnsafeMutablePointer<FCGX_Request>) {
        var quiet = 0
        var open = send(framing.opening, to: request)
        while open, !stopping, !stream.isFinished {
            let payloads = waitFor { await stream.next() }
            var chunk = payloads.map(framing.event).joined()
            quiet = payloads.isEmpty ? quiet + 1 : 0
            // A heartbeat every ~5 s keeps proxies from timing out and shows when the client is gone.
            if quiet >= 25 { chunk = framing.heartbeat; quiet = 0 }
            if !chunk.isEmpty { open = send(chunk, to: request) }
        }
        if open, let error = stream.endingError { open = send(framing.event(error), to: request) }
        if open { _ = send(framing.closing, to: request) }
        FCGX_Finish_r(request)
        request.deallocate()
        streams.end(user: stream.userID, address: stream.clientAddress)
    }

    private static func send(_ text: String, to request: UnsafeMutablePointer<FCGX_Request>) -> Bool {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                FCGX_PutStr($0, Int32(buffer.count), request.pointee.out)
            }
        }
        return written == Int32(bytes.count) && FCGX_FFlush(request.pointee.out) == 0
    }

    /// Runs async work from a synchronous worker thread and waits for its result.
    private static func waitFor<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await work()
            done.signal()
        }
        done.wait()
        guard let value = box.value else { preconditionFailure("the task signalled without a value") }
        return value
    }

    private static func read(_ request: UnsafeMutablePointer<FCGX_Request>, limit: Int) -> HTTPRequest {
        func parameter(_ name: String) -> String? {
            FCGX_GetParam(name, request.pointee.envp).map { String(cString: $0) }
        }
        var headers: [String: String] = [:]
        var cursor = request.pointee.envp
        while let entry = cursor?.pointee {
            let text = String(cString: entry)
            if text.hasPrefix("HTTP_"), let equals = text.firstIndex(of: "=") {
                let name = text[text.index(text.startIndex, offsetBy: 5)..<equals].lowercased().replacingOccurrences(of: "_", with: "-")
                headers[name] = String(text[text.index(after: equals)...])
            }
            cursor = cursor?.advanced(by: 1)
        }
        if let type = parameter("CONTENT_TYPE"), !type.isEmpty { headers["content-type"] = type }
        let length = Int(parameter("CONTENT_LENGTH") ?? "") ?? 0
        // One byte over the limit is enough for the gateway to answer 413.
        var body = [UInt8](repeating: 0, count: min(max(length, 0), limit + 1))
        if !body.isEmpty {
            let got = body.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    FCGX_GetStr($0, Int32(buffer.count), request.pointee.in)
                }
            }
            body.removeLast(body.count - Int(max(got, 0)))
        }
        let uri = parameter("DOCUMENT_URI") ?? parameter("SCRIPT_NAME") ?? "/"
        return HTTPRequest(
            method: parameter("REQUEST_METHOD") ?? "GET", path: uri, query: parameter("QUERY_STRING") ?? "",
            headers: headers, body: body, remoteAddress: parameter("REMOTE_ADDR") ?? "unknown")
    }

    private static func write(_ response: HTTPResponse, to request: UnsafeMutablePointer<FCGX_Request>) {
        _ = send(head(response) + "Content-Length: \(response.body.utf8.count)\r\n\r\n" + response.body, to: request)
    }

    private static func writeHead(_ response: HTTPResponse, to request: UnsafeMutablePointer<FCGX_Request>) {
        _ = send(head(response) + "\r\n", to: request)
    }

    private static func head(_ response: HTTPResponse) -> String {
        var head = "Status: \(response.status) \(reason(response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        return head
    }
}

/// The reason phrase of a status code.
private func reason(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 204: "No Content"
    case 304: "Not Modified"
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 406: "Not Acceptable"
    case 413: "Content Too Large"
    case 415: "Unsupported Media Type"
    case 429: "Too Many Requests"
    case 503: "Service Unavailable"
    case 504: "Gateway Timeout"
    default: status < 500 ? "Client Error" : "Server Error"
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
/// The listening socket the signal handlers shut down.
private let listeningSocket = Atomic<Int32>(-1)

/// A FastCGI request handed to the thread that owns it from then on.
private struct OwnedRequest: @unchecked Sendable {
    /// The request, owned by one thread at a time.
    let pointer: UnsafeMutablePointer<FCGX_Request>
}

/// Carries a value out of a task.
private final class ResultBox<Value>: @unchecked Sendable {
    /// The value, once the task has produced it.
    var value: Value?
}

private let streams = StreamSlots()

/// A reason `serve` cannot start.
struct ServeError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String
    /// Creates the error.
    init(_ description: String) { self.description = description }
}
