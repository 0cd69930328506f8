import Domain

/// W3C Trace Context for one request: the caller's trace continued when its `traceparent` is
/// well formed, a new trace otherwise. The request's own span id is new either way; answers
/// carry it in `traceresponse` (Trace Context level 2) and the log line carries the trace id,
/// so a request can be found from either end.
struct TraceContext: Sendable {
    /// 32 lower-case hex digits.
    let traceID: String
    /// This request's span: 16 lower-case hex digits.
    let spanID: String
    /// The caller's span, when it sent one.
    let parentID: String?
    /// The trace flags (`01` when sampled).
    let flags: String

    /// The context of a request with this `traceparent` header (nil or malformed: a new trace).
    init(traceparent: String?, random: any RandomSource = CryptoRandom()) {
        spanID = Hex.encode(random.bytes(8))
        let parts = traceparent?.split(separator: "-").map(String.init) ?? []
        if parts.count >= 4, parts[0].count == 2, parts[0] != "ff", Self.isHex(parts[0]),
           parts[1].count == 32, Self.isHex(parts[1]), parts[1] != String(repeating: "0", count: 32),
           parts[2].count == 16, Self.isHex(parts[2]), parts[2] != String(repeating: "0", count: 16),
           parts[3].count == 2, Self.isHex(parts[3]), parts[0] != "00" || parts.count == 4 {
            traceID = parts[1]
            parentID = parts[2]
            flags = parts[3]
        } else {
            traceID = Hex.encode(random.bytes(16))
            parentID = nil
            flags = "01"
        }
    }

    /// A new span id: 16 lower-case hex digits.
    static func newSpanID(random: any RandomSource = CryptoRandom()) -> String {
        Hex.encode(random.bytes(8))
    }

    /// The `traceresponse` header: this request's place in the trace.
    var responseHeader: String { "00-\(traceID)-\(spanID)-\(flags)" }

    private static func isHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

}
