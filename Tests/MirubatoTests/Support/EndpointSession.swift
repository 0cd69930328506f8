@testable import Endpoint
import Testing

/// Signs a user in through an endpoint, as a client would; answers the access token.
func signIn(_ endpoint: Endpoint, email: String) async throws -> String {
    _ = await endpoint.respond(toBody: Array(#"{"query":"mutation { requestMagicLink(email: \"\#(email)\") { success } }"}"#.utf8))
    let body = try endpoint.newestMessage(to: email)?.body
    let token = try #require(body?.split(separator: "=").last.map { String($0.prefix { !$0.isWhitespace }) })
    let verified = await endpoint.respond(toBody: Array(#"{"query":"mutation { verifyMagicLink(token: \"\#(token)\") { accessToken } }"}"#.utf8))
    return String(try #require(verified.body.firstMatch(of: /"accessToken":"([^"]+)"/)?.1))
}
