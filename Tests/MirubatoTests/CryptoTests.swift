@testable import Domain
import Testing

@Suite("Crypto wrappers and JWT")
struct CryptoTests {
    private let key = Array("test-secret-for-golden-files-only-0123456789".utf8)

    @Test("HMAC-SHA-256 matches RFC 4231 test case 2")
    func hmacVector() {
        let mac = HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("HMAC-SHA-256 matches every RFC 4231 test case: short, long (hashed) and empty keys, long messages")
    func hmacVectors() {
        func bytes(_ hex: String) -> [UInt8] {
            stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
        }
        let cases: [(key: [UInt8], message: [UInt8], mac: String)] = [
            ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            ([UInt8](repeating: 0xaa, count: 131),
             Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
            ([], [], "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
        ]
        for vector in cases {
            // Twice: the first call sets the key up, the second uses the prepared one.
            for _ in 0..<2 {
                #expect(HMACSHA256.authenticate(vector.message, key: vector.key).map { String(format: "%02x", $0) }.joined() == vector.mac)
            }
        }
    }

    @Test("SHA-256 matches FIPS 180-2 'abc'")
    func shaVector() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("verifies the HS256 example of RFC 7515 appendix A.1")
    func rfc7515Example() throws {
        let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        let key = try #require(Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"))
        let claims = try JWS.verify(token, key: key)
        #expect(claims["iss"] == .string("joe"))
        #expect(claims["exp"] == .integer(1_300_819_380))
        #expect(claims["http://example.com/is_root"] == .bool(true))
        // RFC 7519 §3.1 uses the same token; one changed signature byte must fail.
        #expect(throws: JWS.Rejection.self) { try JWS.verify(String(token.dropLast()) + "A", key: key) }
    }

    @Test("access tokens round-trip their claims")
    func roundTrip() throws {
        let claims = AccessToken(userID: "u1", sessionID: "s1", issuedAt: 1000, expiresAt: 1900, tokenID: "j1")
        #expect(try AccessToken.verify(claims.signed(key: key), key: key, now: 1500) == claims)
    }

    @Test("expiry allows 30 seconds of clock skew and no more")
    func expiry() throws {
        let token = AccessToken(userID: "u", sessionID: "s", issuedAt: 1000, expiresAt: 1900, tokenID: "j").signed(key: key)
        #expect(throws: Never.self) { try AccessToken.verify(token, key: key, now: 1929) }
        #expect(throws: JWS.Rejection(reason: "expired")) { try AccessToken.verify(token, key: key, now: 1930) }
        #expect(throws: JWS.Rejection(reason: "issued in the future")) { try AccessToken.verify(token, key: key, now: 900) }
    }

    @Test("rejects other algorithms, keys, issuers, audiences and shapes", arguments: [
        (#"{"alg":"none","typ":"JWT"}"#, #"{"sub":"u","sid":"s","iat":1000,"exp":1900,"iss":"mirubato","aud":"mirubato-api"}"#, "algorithm is not HS256"),
        (#"{"alg":"HS512"}"#, #"{"sub":"u","sid":"s","iat":1000,"exp":1900,"iss":"mirubato","aud":"mirubato-api"}"#, "algorithm is not HS256"),
        (#"{"alg":"HS256","crit":["exp"]}"#, #"{"sub":"u","sid":"s","iat":1000,"exp":1900,"iss":"mirubato","aud":"mirubato-api"}"#, "critical header parameters are not supported"),
        (#"{"alg":"HS256"}"#, #"{"sub":"u","sid":"s","iat":1000,"exp":1900,"iss":"other","aud":"mirubato-api"}"#, "wrong issuer"),
        (#"{"alg":"HS256"}"#, #"{"sub":"u","sid":"s","iat":1000,"exp":1900,"iss":"mirubato","aud":"other"}"#, "wrong audience"),
        (#"{"alg":"HS256"}"#, #"{"sub":"u","iat":1000,"exp":1900,"iss":"mirubato","aud":["x","mirubato-api"]}"#, "missing claims"),
        (#"{"alg":"HS256"}"#, #"{"sub":"u","sid":"s","iat":1000,"exp":1900,"nbf":1800,"iss":"mirubato","aud":"mirubato-api"}"#, "not yet valid"),
        (#"{"alg":"HS256"}"#, "[1]", "payload is not a JSON object"),
    ])
    func rejections(header: String, payload: String, reason: String) {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let token = input + "." + Base64URL.encode(HMACSHA256.authenticate(Array(input.utf8), key: key))
        #expect(throws: JWS.Rejection(reason: reason)) { try AccessToken.verify(token, key: key, now: 1500) }
    }

    @Test("rejects malformed tokens before any crypto", arguments: ["", "a.b", "a.b.c.d", "e30.e30.!!", String(repeating: "a", count: 5000)])
    func malformed(token: String) {
        #expect(throws: JWS.Rejection.self) { try JWS.verify(token, key: key) }
    }

    @Test("a token signed with another key fails")
    func otherKey() {
        let token = AccessToken(userID: "u", sessionID: "s", issuedAt: 1000, expiresAt: 1900, tokenID: "j")
            .signed(key: Array("another-secret-another-secret-another".utf8))
        #expect(throws: JWS.Rejection(reason: "bad signature")) { try AccessToken.verify(token, key: key, now: 1500) }
    }

    @Test("AES-256-GCM seals, opens, and detects tampering, other keys and other columns")
    func fieldCipher() throws {
        let cipher = FieldCipher(key: Array(repeating: 7, count: 32), random: CryptoRandom())
        let sealed = cipher.seal("Left hand rushes in bar 12 — slow practice 🎹", column: "practice_logs.practice_notes")
        #expect(try cipher.open(sealed, column: "practice_logs.practice_notes") == "Left hand rushes in bar 12 — slow practice 🎹")
        #expect(sealed != cipher.seal("Left hand rushes in bar 12 — slow practice 🎹", column: "practice_logs.practice_notes"))
        #expect(throws: FieldCipher.Failure.self) { try cipher.open(sealed, column: "practice_sessions.notes") }
        let other = FieldCipher(key: Array(repeating: 8, count: 32), random: CryptoRandom())
        #expect(throws: FieldCipher.Failure.self) { try other.open(sealed, column: "practice_logs.practice_notes") }
        var bytes = Base64URL.decode(String(sealed.dropFirst(3))) ?? []
        bytes[14] ^= 1
        #expect(throws: FieldCipher.Failure.self) { try cipher.open("v1." + Base64URL.encode(bytes), column: "practice_logs.practice_notes") }
        #expect(try cipher.open(cipher.seal("", column: "c"), column: "c") == "")
        #expect(throws: FieldCipher.Failure.self) { try cipher.open("plain text", column: "c") }
    }

    @Test("e-mail addresses are normalised and validated")
    func emails() throws {
        #expect(try EmailAddress("  Clara.Schumann+practice@Example.COM ").value == "clara.schumann+practice@example.com")
        for bad in ["", "a", "a@b", "a@@b.com", "a b@c.com", ".a@b.com", "a..b@c.com", "a@-b.com", "é@b.com", "a@b.c0m"] {
            #expect(throws: APIError.self, "\(bad)") { try EmailAddress(bad) }
        }
    }

    @Test("base64url agrees with Foundation's base64 for every length and round-trips")
    func base64URLMatchesFoundation() {
        var random = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected) == bytes)
        }
    }
}

import Foundation
