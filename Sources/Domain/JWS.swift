/// Compact JWS with HS256 only (RFC 7515): signing and structural verification. Claims policy
/// (issuer, audience, expiry) is `AccessToken`'s job.
public enum JWS {
    /// Why a token was rejected. The reason is for logs; clients only see "invalid token".
    public struct Rejection: Error, Equatable, Sendable {
        /// What was wrong.
        public let reason: String
    }

    /// Longest token accepted, in characters; anything longer is rejected before any work.
    public static let maxLength = 4096

    /// `header.payload.signature` for a payload JSON object, signed with HMAC-SHA-256.
    public static func sign(payload: String, key: [UInt8]) -> String {
        let input = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(HMACSHA256.authenticate(Array(input.utf8), key: key))
    }

    /// The payload of a token whose header says HS256 and whose signature is valid under `key`.
    /// Rejects `alg: none` and every other algorithm, critical headers, bad base64url and bad JSON.
    public static func verify(_ token: String, key: [UInt8]) throws(Rejection) -> [String: JSONValue] {
        guard token.utf8.count <= maxLength else { throw Rejection(reason: "token too long") }
        // Split on the bytes: splitting a String on a Character walks grapheme clusters.
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { Substring($0) }
        guard parts.count == 3 else { throw Rejection(reason: "not a compact JWS") }
        guard let headerBytes = Base64URL.decode(String(parts[0])),
              let payloadBytes = Base64URL.decode(String(parts[1])),
              let signature = Base64URL.decode(String(parts[2]))
        else { throw Rejection(reason: "malformed base64url") }
        guard let header = try? JSONParser.parse(headerBytes, maxDepth: 4).objectValue else {
            throw Rejection(reason: "header is not a JSON object")
        }
        guard header["alg"] == .string("HS256") else { throw Rejection(reason: "algorithm is not HS256") }
        guard header["crit"] == nil else { throw Rejection(reason: "critical header parameters are not supported") }
        if let type = header["typ"], type != .string("JWT") { throw Rejection(reason: "type is not JWT") }
        let input = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        guard HMACSHA256.constantTimeEqual(HMACSHA256.authenticate(input, key: key), signature) else {
            throw Rejection(reason: "bad signature")
        }
        guard let payload = try? JSONParser.parse(payloadBytes, maxDepth: 8).objectValue else {
            throw Rejection(reason: "payload is not a JSON object")
        }
        return payload
    }
}
