import Domain
@testable import Endpoint
import Foundation
import Testing

/// The gateway's HTTP rules one by one, in-process: methods, media types, CSRF, CORS, caching
/// and the denial statuses whose `Retry-After` comes from the typed error.
@Suite("HTTP gateway: methods, media types, browsers, denials")
struct HTTPGatewayRuleTests {
    private let origin = "https://app.example"

    private func gateway(_ adjust: (inout [String: String]) -> Void = { _ in }) throws -> (HTTPGateway, Endpoint) {
        let paths = try TestDatabase.freshCopy()
        var environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
        adjust(&environment)
        let endpoint = try Endpoint(configuration: Configuration(environment: environment), log: Log(isEnabled: false))
        return (HTTPGateway(endpoint: endpoint, options: HTTPGateway.Options(environment: ["MIRUBATO_CORS_ORIGINS": origin]), log: Log(isEnabled: false)), endpoint)
    }

    private func post(_ query: String, accept: String = "application/json", headers: [String: String] = [:]) -> HTTPRequest {
        var all = headers
        all["content-type"] = "application/json"
        all["accept"] = accept
        return HTTPRequest(method: "POST", path: "/graphql", headers: all, body: Array(JSONWriter.string(.object(["query": .string(query)])).utf8))
    }

    private func get(_ query: String, headers: [String: String] = ["apollo-require-preflight": "1"]) -> HTTPRequest {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var all = headers
        all["accept"] = "application/json"
        return HTTPRequest(method: "GET", path: "/graphql", query: "query=" + encoded, headers: all)
    }

    @Test("methods: PUT is 405 with Allow; a mutation over GET is 405 Allow: POST and is not run")
    func methods() async throws {
        let (gateway, _) = try gateway()
        let put = await gateway.handle(HTTPRequest(method: "PUT", path: "/graphql", headers: ["content-type": "application/json"], body: Array("{}".utf8)))
        #expect(put.status == 405 && put.header("allow")?.contains("POST") == true)
        let mutation = await gateway.handle(get("mutation { logout { success } }"))
        #expect(mutation.status == 405 && mutation.header("allow") == "POST")
        let unknownPath = await gateway.handle(HTTPRequest(method: "GET", path: "/nope"))
        #expect(unknownPath.status == 404)
    }

    @Test("media types: 406 for an unacceptable Accept, 415 for a body that is not JSON, a form post refused as CSRF, q-values honoured")
    func mediaTypes() async throws {
        let (gateway, _) = try gateway()
        #expect(await gateway.handle(post("{ __typename }", accept: "text/html")).status == 406)
        var form = post("{ __typename }")
        form.headers["content-type"] = "application/x-www-form-urlencoded"
        // A form could send this cross-site: refused as CSRF before its type is even considered.
        let forged = await gateway.handle(form)
        #expect(forged.status == 400 && forged.body.contains("cross-site request forgery"))
        var xml = post("{ __typename }")
        xml.headers["content-type"] = "application/xml"
        #expect(await gateway.handle(xml).status == 415)
        let preferred = await gateway.handle(post("{ __typename }", accept: "application/json;q=0.5, application/graphql-response+json"))
        #expect(preferred.header("content-type") == "application/graphql-response+json; charset=utf-8")
        let invalid = await gateway.handle(post("{ nope }", accept: "application/graphql-response+json"))
        #expect(invalid.status == 400 && invalid.body.contains("GRAPHQL_VALIDATION_FAILED"))
    }

    @Test("CSRF: a GET without a preflight-forcing header is refused; CORS answers only allowed origins")
    func browsers() async throws {
        let (gateway, _) = try gateway()
        let simple = await gateway.handle(get("{ __typename }", headers: [:]))
        #expect(simple.status == 400)
        let allowed = await gateway.handle(post("{ __typename }", headers: ["origin": origin]))
        #expect(allowed.header("access-control-allow-origin") == origin)
        let other = await gateway.handle(post("{ __typename }", headers: ["origin": "https://evil.example"]))
        #expect(other.header("access-control-allow-origin") == nil)
    }

    @Test("public catalogue reads over GET are cacheable with an ETag that revalidates to 304; signed-in answers are not")
    func caching() async throws {
        let (gateway, _) = try gateway()
        let first = await gateway.handle(get("{ listSheetMusic(limit: 1) { totalCount } }"))
        #expect(first.status == 200 && first.header("cache-control")?.hasPrefix("public") == true)
        let tag = try #require(first.header("etag"))
        let again = await gateway.handle(get("{ listSheetMusic(limit: 1) { totalCount } }", headers: ["apollo-require-preflight": "1", "if-none-match": tag]))
        #expect(again.status == 304 && again.body.isEmpty)
        let me = await gateway.handle(get("{ me { id } }"))
        #expect(me.header("cache-control") == "private, no-store")
    }

    @Test("every answer carries its request id, each kind of refusal included, and a new one when none is given")
    func requestIDs() async throws {
        let manifest = TestDatabase.makeFolder() + "/trusted.json"
        try #"{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id": "a1", "name": "T", "type": "query", "body": "query T { __typename }"}]}"#
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let (open, _) = try gateway { $0["MIRUBATO_RATE_REQUESTS"] = "30/60" }
        let (trusted, _) = try gateway { $0["MIRUBATO_TRUSTED_DOCUMENTS"] = manifest }
        let deep = "{ " + String(repeating: "me { ", count: 20) + "id" + String(repeating: " }", count: 20) + " }"
        var malformed = post("{ __typename }", headers: ["x-request-id": "id-malformed"])
        malformed.body = Array("{ not json".utf8)
        let cases: [(String, HTTPGateway, HTTPRequest)] = [
            ("ok", open, post("{ __typename }", headers: ["x-request-id": "id-ok"])),
            ("malformed", open, malformed),
            ("parse", open, post("{ nope", headers: ["x-request-id": "id-parse"])),
            ("validation", open, post("{ nope }", headers: ["x-request-id": "id-validation"])),
            ("too complex", open, post(deep, headers: ["x-request-id": "id-too-complex"])),
            ("untrusted", trusted, post("{ __typename }", headers: ["x-request-id": "id-untrusted"])),
        ]
        for (kind, target, request) in cases {
            let response = await target.handle(request)
            #expect(response.header("x-request-id") == request.headers["x-request-id"], "\(kind): \(response.status) \(response.body)")
        }
        var last = HTTPResponse(status: 0)
        for _ in 0..<31 { last = await open.handle(post("{ __typename }", headers: ["x-request-id": "id-limited"])) }
        #expect(last.status == 429 && last.header("x-request-id") == "id-limited")
        let refused = await trusted.handle(post("{ nope }"))
        #expect(refused.header("x-request-id")?.isEmpty == false, "a refusal without an id gets a new one")
    }

    @Test("denials: RATE_LIMITED is 429 and SERVICE_UNAVAILABLE is 503, each with Retry-After from the error")
    func denials() async throws {
        let (limited, _) = try gateway { $0["MIRUBATO_RATE_REQUESTS"] = "2/60" }
        var last = HTTPResponse(status: 0)
        for _ in 0..<3 { last = await limited.handle(post("{ __typename }")) }
        #expect(last.status == 429)
        let retry = try #require(last.header("retry-after").flatMap(Int.init))
        #expect((1...60).contains(retry))
        #expect(last.body.contains("\"retryAfter\":\(retry)"))

        let (gateway, endpoint) = try gateway()
        try TestDatabase.setReadOnly(endpoint.database, true)
        let write = await gateway.handle(post(#"mutation { requestMagicLink(email: "ro@example.com") { success } }"#))
        #expect(write.status == 503 && write.header("retry-after") == "5", "\(write.status) \(write.body)")
        try TestDatabase.setReadOnly(endpoint.database, false)
    }

    @Test("health: /healthz, /readyz and /livez answer 200 while the stores answer")
    func health() async throws {
        let (gateway, _) = try gateway()
        for path in ["/healthz", "/readyz", "/livez"] {
            let response = await gateway.handle(HTTPRequest(method: "GET", path: path))
            #expect(response.status == 200 && response.body == #"{"status":"ok"}"#)
        }
    }
}
