@testable import Endpoint
import Testing

@Suite("HTTP gateway rules")
struct HTTPGatewayTests {
    @Test("Accept negotiation honours q-values and defaults to application/json", arguments: [
        (nil as String?, MediaType.json as MediaType?),
        ("*/*", .json),
        ("application/graphql-response+json", .graphQLResponse),
        ("application/json;q=0.9, application/graphql-response+json;q=1", .graphQLResponse),
        ("application/graphql-response+json;q=0.1, application/json", .json),
        ("application/*", .json),
        ("text/html", nil),
        ("application/json;q=0", nil),
        ("application/json;charset=latin-1", nil),
    ])
    func negotiation(accept: String?, expected: MediaType?) {
        #expect(MediaType.negotiate(accept) == expected)
    }

    @Test("GET parameters decode, with JSON variables and extensions")
    func getParameters() throws {
        let parameters = try #require(FormDecoding.parameters("query=%7B+me+%7D&variables=%7B%22a%22%3A1%7D&operationName=Q"))
        let request = try #require(HTTPGateway.request(from: parameters))
        #expect(request.query == "{ me }")
        #expect(request.variables == ["a": .integer(1)])
        #expect(request.operationName == "Q")
        #expect(HTTPGateway.request(from: ["query": "{ me }", "variables": "[1]"]) == nil)
        #expect(FormDecoding.parameters("query=%ZZ") == nil)
        #expect(FormDecoding.parameters("query=%FF") == nil)
    }

    @Test("only UTF-8 JSON bodies are accepted")
    func contentTypes() {
        #expect(HTTPGateway.isJSON("application/json"))
        #expect(HTTPGateway.isJSON("application/json; charset=UTF-8"))
        #expect(!HTTPGateway.isJSON("application/json; charset=latin-1"))
        #expect(!HTTPGateway.isJSON("text/plain"))
        #expect(!HTTPGateway.isJSON(nil))
    }
}
