import CFastCGI

/// A FastCGI request read whole from its connection, waiting for a worker.
final class FastCGIJob: @unchecked Sendable {
    /// Where the answer goes.
    let connection: FastCGIConnection
    /// The request's id on its connection.
    let requestID: UInt16
    /// Whether the web server keeps the connection for more requests (`FCGI_KEEP_CONN`).
    let keepConnection: Bool
    /// The encoded parameters (CGI meta-variables), as they arrive.
    var parameters: [UInt8] = []
    /// The parameters decoded, once: by the dispatcher when a body starts (its limit follows the
    /// content type), else by the worker. The job passes between them through the queue's lock.
    lazy var metaVariables: [String: String] = FastCGIRecord.pairs(parameters)
    /// The body, at most one byte over the limit.
    var body: [UInt8] = []
    /// The most body bytes kept, decided by the content type when the body starts.
    var bodyLimit: Int?

    /// A request just begun.
    init(connection: FastCGIConnection, requestID: UInt16, keepConnection: Bool) {
        self.connection = connection
        self.requestID = requestID
        self.keepConnection = keepConnection
    }

    /// Writes `bytes` as standard output.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var output: [UInt8] = []
        FastCGIRecord.append(type: FCGI_STDOUT, requestID: requestID, content: bytes[...], to: &output)
        return connection.send(output)
    }

    /// Writes the whole answer and ends the request in one write.
    func answer(_ bytes: [UInt8]) {
        var output: [UInt8] = []
        FastCGIRecord.append(type: FCGI_STDOUT, requestID: requestID, content: bytes[...], to: &output)
        end(after: output)
    }

    /// Ends a streamed answer: the end of standard output and the end of the request.
    func finish() {
        end(after: [])
    }

    /// Sends `output`, then the end of standard output and of the request, in one write; a
    /// connection the web server does not keep is then shut.
    private func end(after output: [UInt8]) {
        var output = output
        FastCGIRecord.append(type: FCGI_STDOUT, requestID: requestID, content: [], to: &output)
        output += FastCGIRecord.endRequest(requestID)
        connection.send(output)
        if !keepConnection { connection.shut() }
    }
}
