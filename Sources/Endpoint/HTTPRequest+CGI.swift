extension HTTPRequest {
    /// A request from CGI meta-variables (RFC 3875 §4.1) and its body. FastCGI's parameters are
    /// the same variables, so both front ends build their requests here.
    ///
    /// Headers come from the `HTTP_*` variables (`HTTP_X_REQUEST_ID` → `x-request-id`) plus
    /// `CONTENT_TYPE`; the path is nginx's `DOCUMENT_URI` or else `SCRIPT_NAME` + `PATH_INFO`.
    public init(metaVariables: [String: String], body: [UInt8]) {
        var headers: [String: String] = [:]
        for (name, value) in metaVariables where name.utf8.count > 5 && name.hasPrefix("HTTP_") {
            headers[Self.headerName(cgiName: name)] = value
        }
        if let type = metaVariables["CONTENT_TYPE"], !type.isEmpty { headers["content-type"] = type }
        let script = (metaVariables["SCRIPT_NAME"] ?? "") + (metaVariables["PATH_INFO"] ?? "")
        self.init(
            method: metaVariables["REQUEST_METHOD"] ?? "GET",
            path: metaVariables["DOCUMENT_URI"] ?? (script.isEmpty ? "/" : script),
            query: metaVariables["QUERY_STRING"] ?? "",
            headers: headers, body: body,
            remoteAddress: metaVariables["REMOTE_ADDR"] ?? "unknown")
    }

    /// `HTTP_X_REQUEST_ID` → `x-request-id`, on the bytes (no Foundation on the request path).
    static func headerName(cgiName name: String) -> String {
        String(decoding: name.utf8.dropFirst(5).map { byte in
            switch byte {
            case UInt8(ascii: "_"): UInt8(ascii: "-")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
            default: byte
            }
        }, as: UTF8.self)
    }

    /// The body length the meta-variables announce (0 when absent or not a number).
    public static func contentLength(in metaVariables: [String: String]) -> Int {
        max(Int(metaVariables["CONTENT_LENGTH"] ?? "") ?? 0, 0)
    }
}
