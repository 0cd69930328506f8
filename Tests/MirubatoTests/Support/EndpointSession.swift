@testable import Endpoint
import Testing

/// Signs a user in through an endpoint, as a client would; answers the access token.
func signIn(_ endpoint: Endpoint, email: String) async throws -> String {
    try #require(try await endpoint.signInThroughOutbox(email: email))
}
