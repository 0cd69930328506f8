/// An HTTP request as a front end (FastCGI) hands it over, transport details removed.
public struct HTTPRequest: Sendable {
    /// The method, upper-case.
    public var method: String
    /// The path, without the query string.
    public var path: String
    /// The raw query string (after `?`), possibly empty.
    public var query: String
    /// Headers, names lower-cased.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]
    /// The client's address.
    public var remoteAddress: String

    /// Creates a request.
    public init(method: String, path: String, query: String = "", headers: [String: String] = [:], body: [UInt8] = [], remoteAddress: String = "local") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }
}

/// An HTTP response for a front end to write.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Headers in order (a name may repeat).
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: String
    /// A body of bytes (a recording), sent instead of `body` when set.
    public var bytes: [UInt8]?
    /// For a live subscription: the stream to write after the headers, instead of `body`.
    public var stream: EventStream?
    /// How the stream's messages are framed.
    public var framing: StreamFraming = .serverSentEvents
    /// For an incremental answer whose first part left early: the rest of the body, computed
    /// after the head and `body` are written (FastCGI and CGI write it then; nginx passes the
    /// first part on at once, `X-Accel-Buffering: no`).
    public var remainder: (@Sendable () async -> String)?

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: String = "") {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}
