import Endpoint
import Foundation

/// RFC 3875 CGI: when a CGI host (fcgiwrap under nginx, or any web server) runs `mirubato` with
/// `GATEWAY_INTERFACE` set, it answers the one request the environment and standard input
/// carry, through the same HTTP gateway as FastCGI, and exits: one process per request, the
/// Workers-isolate model. Its rate counts go to the KV store (the file or Redis), as every such process must share them.
enum CGI {
    /// Whether the process was started as a CGI script: getenv, since making the environment's
    /// dictionary for `handle` too (which reads it once, for its configuration) took 0.2 ms.
    static var isRequested: Bool { getenv("GATEWAY_INTERFACE") != nil }

    /// Answers the request on standard output, then ends the process (`exitAnswered`) with
    /// status 0 for every HTTP answer, 1 when the endpoint cannot open.
    static func answer() async -> Never {
        let environment = ProcessEnvironment.variables()
        // A host that has gone is seen as a failed write, not a signal that kills the process.
        signal(SIGPIPE, SIG_IGN)
        let endpoint: Endpoint
        do {
            var configuration = try Configuration(environment: environment)
            configuration.answersOneRequest = true
            // One request prepares its document once: nothing to keep.
            configuration.documentCacheSize = 0
            endpoint = try Endpoint(configuration: configuration)
        } catch {
            // The reason goes to the host's error log; the client learns only that it failed.
            FileHandle.standardError.write(Data("mirubato: \(error)\n".utf8))
            _ = write(HTTPResponse(status: 503, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "5")],
                               body: "The service is not available.\n").cgiMessage)
            exit(1)
        }
        let limit = endpoint.configuration.bodyLimit(contentType: environment["CONTENT_TYPE"])
        // One byte over the limit is enough for the gateway to answer 413; the rest is read and
        // dropped, since a CGI host (fcgiwrap) that is still writing it to a program that has
        // answered and gone turns the 413 into a 502.
        let length = HTTPRequest.contentLength(in: environment)
        let wanted = min(length, limit + 1)
        let body = wanted > 0 ? [UInt8](FileHandle.standardInput.readData(ofLength: wanted)) : []
        var left = length - body.count
        while left > 0, body.count > limit {
            let dropped = FileHandle.standardInput.readData(ofLength: min(left, 1 << 16)).count
            guard dropped > 0 else { break }
            left -= dropped
        }
        var options = HTTPGateway.Options(environment: environment)
        options.servesMetrics = false
        let gateway = HTTPGateway(endpoint: endpoint, options: options)
        let request = HTTPRequest(metaVariables: environment, body: body)
        let response = await endpoint.continuingSeededStream { await gateway.handle(request) }
        if let remainder = response.remainder {
            if write(response.cgiStreamHead + Array(response.body.utf8)) {
                _ = write(Array(await remainder().utf8))
            }
        } else if let stream = response.stream {
            if write(response.cgiStreamHead) {
                await StreamPump.run(stream, framing: response.framing, stopping: { false }, write: write)
            }
        } else {
            _ = write(response.cgiMessage)
        }
        exitAnswered(0, keeping: endpoint)
    }

    /// Writes to standard output whole; false once the host has gone.
    private static func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Descriptor.writeWhole(1, $0) }
    }
}
