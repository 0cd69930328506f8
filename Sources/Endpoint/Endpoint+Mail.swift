import Domain
import Services
import Storage

extension Endpoint {
    /// The newest message queued to `recipient` (or anyone), its body opened: for tests and
    /// local tools that read a fresh sign-in link.
    func newestMessage(to recipient: String? = nil) throws -> OutboxStore.Message? {
        try OutboxStore(database: database, cipher: FieldCipher(key: settings.dataKey, random: random)).newest(to: recipient)
    }

    /// The token of the newest sign-in link queued to `recipient` (or anyone): what benchmarks
    /// and tests sign in with, read where a user would find it.
    public func newestMagicLinkToken(to recipient: String? = nil) throws -> String? {
        try newestMessage(to: recipient)?.body.firstMatch(of: /\/auth\/verify\?token=([A-Za-z0-9_-]+)/).map { String($0.1) }
    }
}

extension Endpoint {
    /// Signs `email` in as a client would: asks for a magic link, reads it from the outbox and
    /// verifies it; answers the access token, or nil when a step failed. The one sign-in the
    /// benchmarks and the Swift tests use.
    public func signInThroughOutbox(email: String) async throws -> String? {
        let address = JSONWriter.string(.string(email))
        _ = await respond(toBody: Array(#"{"query":"mutation($e: String!) { requestMagicLink(email: $e) { success } }","variables":{"e":\#(address)}}"#.utf8))
        guard let magic = try newestMagicLinkToken(to: email) else { return nil }
        let verified = await respond(toBody: Array(#"{"query":"mutation { verifyMagicLink(token: \"\#(magic)\") { accessToken } }"}"#.utf8)).body
        return verified.firstMatch(of: /"accessToken":"([^"]+)"/).map { String($0.1) }
    }
}
