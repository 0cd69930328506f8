import Domain
@testable import Endpoint
import Foundation
import Testing

/// The GraphQL-over-HTTP rules, in-process: every golden request sent to `HTTPGateway` as a
/// browser or client would send it (one POST per request, its headers as real headers), for both
/// media types, answers the golden body with the status the spec gives it. The Python suite checks
/// the same through nginx; this one needs no server and fails at the line that broke.
@Suite("HTTP gateway: goldens and statuses")
struct HTTPGatewayGoldenTests {
    private static let json = "application/json"
    private static let graphQLResponse = "application/graphql-response+json"

    /// One HTTP exchange of a golden case: what was sent and what came back.
    private struct Exchange {
        let expected: JSONValue?
        let response: HTTPResponse

        /// The answer's error codes.
        var codes: [String] {
            guard let body = try? JSONParser.parse(Array(response.body.utf8)) else { return [] }
            return (body.objectValue?["errors"]?.arrayValue ?? []).compactMap { $0.objectValue?["extensions"]?.objectValue?["code"]?.stringValue }
        }

        /// Whether the answer holds `data` (the operation executed).
        var hasData: Bool {
            (try? JSONParser.parse(Array(response.body.utf8)))?.objectValue?["data"] != nil
        }
    }

    /// Sends a golden case to a gateway over a fresh seeded database: a batch item by item, each
    /// with its own headers, as HTTP clients send them (the body's `headers` member is not HTTP).
    private func exchanges(_ golden: GoldenCase, accept: String) async throws -> [Exchange] {
        let gateway = HTTPGateway(endpoint: try TestDatabase.endpoint(), log: Log(isEnabled: false))
        let raw = try golden.request()
        let expected = try golden.expectedResponse().map { try JSONParser.parse(Array($0.utf8), maxDepth: 512) }
        let parsed = try? JSONParser.parse(raw, maxDepth: 512)
        let items: [JSONValue]
        switch parsed {
        case .array(let batch) where batch.allSatisfy({ $0.objectValue != nil }) && !batch.isEmpty: items = batch
        case .object: items = [parsed!]
        default:
            // Not a request object at all: the bytes go as they are.
            let response = await gateway.handle(post(raw, headers: [:], accept: accept))
            return [Exchange(expected: expected, response: response)]
        }
        let answers = items.count == 1 && expected?.arrayValue == nil ? [expected] : (expected?.arrayValue ?? []).map { Optional($0) }
        var result: [Exchange] = []
        for (index, item) in items.enumerated() {
            var object = item.objectValue!
            let headers = (object.removeValue(forKey: "headers")?.objectValue ?? [:]).compactMapValues(\.stringValue)
            let body = Array(JSONWriter.string(.object(object)).utf8)
            let response = await gateway.handle(post(body, headers: headers, accept: accept))
            result.append(Exchange(expected: index < answers.count ? answers[index] : nil, response: response))
        }
        return result
    }

    private func post(_ body: [UInt8], headers: [String: String], accept: String) -> HTTPRequest {
        var all = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), $0.value) })
        all["content-type"] = Self.json
        all["accept"] = accept
        return HTTPRequest(method: "POST", path: "/graphql", headers: all, body: body)
    }

    @Test("application/json: the golden body; 200 unless the request was not a GraphQL request", arguments: GoldenCase.all)
    func legacyMediaType(_ golden: GoldenCase) async throws {
        for (step, exchange) in try await exchanges(golden, accept: Self.json).enumerated() {
            let actual = try JSONParser.parse(Array(exchange.response.body.utf8), maxDepth: 512)
            #expect(actual == exchange.expected, "\(golden.name) step \(step): \(exchange.response.body.prefix(300))")
            #expect(exchange.response.header("content-type") == "application/json; charset=utf-8")
            let codes = exchange.codes
            if codes.contains("RATE_LIMITED") {
                #expect(exchange.response.status == 429 && exchange.response.header("retry-after") != nil)
            } else if codes.contains("SERVICE_UNAVAILABLE") {
                #expect(exchange.response.status == 503 && exchange.response.header("retry-after") != nil)
            } else if !exchange.hasData, !codes.isEmpty, codes.allSatisfy({ $0 == "BAD_REQUEST" }) {
                // Not a well-formed GraphQL request (no query, not JSON, a bad batch): 400 whatever the type.
                #expect(exchange.response.status == 400, "\(golden.name) step \(step)")
            } else if !exchange.hasData, codes.contains("INTERNAL_SERVER_ERROR") || codes.contains("TIMEOUT") {
                #expect(exchange.response.status >= 500, "\(golden.name) step \(step)")
            } else {
                #expect(exchange.response.status == 200, "\(golden.name) step \(step): \(exchange.response.status) \(codes)")
            }
        }
    }

    @Test("application/graphql-response+json: 200 exactly when the operation executed", arguments: GoldenCase.all)
    func graphQLResponseMediaType(_ golden: GoldenCase) async throws {
        for (step, exchange) in try await exchanges(golden, accept: Self.graphQLResponse).enumerated() {
            let response = exchange.response
            let codes = exchange.codes
            if codes.contains("RATE_LIMITED") || codes.contains("SERVICE_UNAVAILABLE") {
                #expect([429, 503].contains(response.status) && response.header("retry-after") != nil)
                continue
            }
            if codes == ["PERSISTED_QUERY_NOT_FOUND"] {
                // Apollo's persisted-query links give up on APQ for good after a 4xx; Apollo Server answers 200.
                #expect(response.status == 200)
                continue
            }
            if exchange.hasData {
                #expect(response.status == 200, "\(golden.name) step \(step): \(response.status) \(codes)")
                #expect(response.header("content-type") == "application/graphql-response+json; charset=utf-8")
            } else {
                #expect((400...599).contains(response.status), "\(golden.name) step \(step): \(response.status) \(codes)")
            }
        }
    }
}
