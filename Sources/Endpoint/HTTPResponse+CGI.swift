extension HTTPResponse {
    /// The response as a CGI script writes it (RFC 3875 §6): a `Status:` line, the headers, a
    /// `Content-Length` and the body. FastCGI's standard output carries the same bytes.
    public var cgiMessage: [UInt8] {
        if let bytes { return Array((cgiHead + "Content-Length: \(bytes.count)\r\n\r\n").utf8) + bytes }
        return Array((cgiHead + "Content-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
    }

    /// The head of a streamed response: status and headers, ended by the blank line; the body
    /// follows in pieces.
    public var cgiStreamHead: [UInt8] { Array((cgiHead + "\r\n").utf8) }

    private var cgiHead: String {
        var head = "Status: \(status) \(Self.reasonPhrase(status))\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        return head
    }

    /// The reason phrase of a status code.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 206: "Partial Content"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 429: "Too Many Requests"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status < 500 ? "Client Error" : "Server Error"
        }
    }
}
