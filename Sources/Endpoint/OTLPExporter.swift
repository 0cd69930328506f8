import Domain
import Foundation

/// Sends one span per request, with a child per `TimedPhase`, to an OTLP/HTTP collector
/// (`MIRUBATO_OTLP_ENDPOINT=http://HOST:PORT/v1/traces`) as OTLP JSON. Exports go out on a queue
/// of their own, one connection each, so a slow or absent collector never delays an answer;
/// an export that fails is dropped (tracing must not take the service down with it).
final class OTLPExporter: Sendable {
    private let host: String
    private let port: String
    private let path: String
    private let queue = DispatchQueue(label: "mirubato.otlp")

    /// An exporter for an `http://` endpoint, or nil for anything else.
    init?(endpoint: String) {
        guard let url = URL(string: endpoint), url.scheme == "http", let host = url.host else { return nil }
        self.host = host
        port = String(url.port ?? 80)
        path = url.path.isEmpty ? "/v1/traces" : url.path
    }

    /// Exports the span of one request and its phases.
    func export(trace: TraceContext, name: String, start: UInt64, end: UInt64, attributes: [String: JSONValue], phases: [TimedPhase]) {
        // Uptime nanoseconds to Unix nanoseconds, from one reading of both clocks.
        let wall = UInt64(Date().timeIntervalSince1970 * 1e9)
        let now = DispatchTime.now().uptimeNanoseconds
        func unix(_ uptime: UInt64) -> JSONValue { .string(String(wall &- (now &- uptime))) }
        func attributeList(_ values: [String: JSONValue]) -> JSONValue {
            .array(values.sorted { $0.key < $1.key }.map { key, value in
                let wrapped: JSONValue = switch value {
                case .integer(let number): .object(["intValue": .string(String(number))])
                case .bool(let flag): .object(["boolValue": .bool(flag)])
                default: .object(["stringValue": .string(value.stringValue ?? JSONWriter.string(value))])
                }
                return .object(["key": .string(key), "value": wrapped])
            })
        }
        var spans: [JSONValue] = [.object([
            "traceId": .string(trace.traceID), "spanId": .string(trace.spanID), "parentSpanId": .string(trace.parentID ?? ""),
            "name": .string(name), "kind": .integer(2), "startTimeUnixNano": unix(start), "endTimeUnixNano": unix(end),
            "attributes": attributeList(attributes),
        ])]
        for phase in phases {
            spans.append(.object([
                "traceId": .string(trace.traceID), "spanId": .string(TraceContext.newSpanID()), "parentSpanId": .string(trace.spanID),
                "name": .string(phase.name), "kind": .integer(1), "startTimeUnixNano": unix(phase.start),
                "endTimeUnixNano": unix(phase.end),
                "attributes": attributeList(phase.detail.map { ["db.system": .string("sqlite"), "db.query.text": .string($0)] } ?? [:]),
            ]))
        }
        let body = JSONWriter.string(.object(["resourceSpans": .array([.object([
            "resource": .object(["attributes": attributeList(["service.name": .string("mirubato")])]),
            "scopeSpans": .array([.object(["scope": .object(["name": .string("mirubato")]), "spans": .array(spans)])]),
        ])])]))
        queue.async { [self] in post(body) }
    }

    /// One HTTP/1.1 POST on a connection of its own; the answer is read and ignored.
    private func post(_ body: String) {
        var hints = addrinfo(ai_flags: 0, ai_family: AF_UNSPEC, ai_socktype: Int32(SOCK_STREAM.rawValue), ai_protocol: 0,
                             ai_addrlen: 0, ai_addr: nil, ai_canonname: nil, ai_next: nil)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &found) == 0, let address = found else { return }
        defer { freeaddrinfo(found) }
        let socket = Foundation.socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
        guard socket >= 0 else { return }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else { return }
        let request = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return }
            sent += written
        }
        var answer = [UInt8](repeating: 0, count: 512)
        _ = recv(socket, &answer, answer.count, 0)
    }
}
