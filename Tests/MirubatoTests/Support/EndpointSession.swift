@testable import Endpoint
import Testing

/// Signs a user in through an endpoint, as a client would; answers the access token.
func signIn(_ endpoint: Endpoint, email: String) async throws -> String {
    _ = await endpoint.respond(toBody: Array(#"{"query":"mutation { requestMagicLink(email: \"\#(email)\") { success } }"}"#.utf8))
    let token = try #require(try endpoint.newestMagicLinkToken(to: email))
    let verified = await endpoint.respond(toBody: Array(#"{"query":"mutation { verifyMagicLink(token: \"\#(token)\") { accessToken } }"}"#.utf8))
    return String(try #require(verified.body.firstMatch(of: /"accessToken":"([^"]+)"/)?.1))
}
