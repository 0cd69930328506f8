/// The claims of an access token: a JWT (HS256) naming the user and their sign-in session.
public struct AccessToken: Sendable, Equatable {
    /// Issuer claim every token carries.
    public static let issuer = "mirubato"
    /// Audience claim every token carries.
    public static let audience = "mirubato-api"
    /// Clock skew tolerated on `exp`, `iat` and `nbf`, in seconds.
    public static let allowedSkew: Int64 = 30

    /// The user (`sub`).
    public let userID: String
    /// The sign-in session, i.e. the refresh-token family (`sid`).
    public let sessionID: String
    /// Issued at, in seconds (`iat`).
    public let issuedAt: Int64
    /// Expires at, in seconds (`exp`).
    public let expiresAt: Int64
    /// Unique token id (`jti`).
    public let tokenID: String

    /// Creates claims.
    public init(userID: String, sessionID: String, issuedAt: Int64, expiresAt: Int64, tokenID: String) {
        self.userID = userID
        self.sessionID = sessionID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.tokenID = tokenID
    }

    /// The signed JWT.
    public func signed(key: [UInt8]) -> String {
        var payload = "{\"sub\":"
        JSONWriter.writeString(userID, to: &payload)
        payload += ",\"sid\":"
        JSONWriter.writeString(sessionID, to: &payload)
        payload += ",\"iat\":\(issuedAt),\"exp\":\(expiresAt),\"iss\":\"\(Self.issuer)\",\"aud\":\"\(Self.audience)\",\"jti\":"
        JSONWriter.writeString(tokenID, to: &payload)
        payload += "}"
        return JWS.sign(payload: payload, key: key)
    }

    /// Verifies signature and claims at `now` (seconds): issuer, audience, expiry, not-before.
    public static func verify(_ token: String, key: [UInt8], now: Int64) throws(JWS.Rejection) -> AccessToken {
        let verified = try verifySignature(token, key: key)
        try verified.check(at: now)
        return verified.claims
    }

    /// What holds for a token at any time: its signature, issuer, audience and claims. The
    /// result can be kept and checked again at each use (`VerifiedToken.check(at:)`).
    public static func verifySignature(_ token: String, key: [UInt8]) throws(JWS.Rejection) -> VerifiedToken {
        let claims = try JWS.verify(token, key: key)
        guard claims["iss"] == .string(issuer) else { throw JWS.Rejection(reason: "wrong issuer") }
        let audienceOK = switch claims["aud"] {
        case .string(let value)?: value == audience
        case .array(let values)?: values.contains(.string(audience))
        default: false
        }
        guard audienceOK else { throw JWS.Rejection(reason: "wrong audience") }
        guard let subject = claims["sub"]?.stringValue, !subject.isEmpty,
              let session = claims["sid"]?.stringValue, !session.isEmpty,
              let issued = claims["iat"]?.integerValue, let expires = claims["exp"]?.integerValue
        else { throw JWS.Rejection(reason: "missing claims") }
        let accessToken = AccessToken(
            userID: subject, sessionID: session, issuedAt: issued, expiresAt: expires, tokenID: claims["jti"]?.stringValue ?? "")
        return VerifiedToken(claims: accessToken, notBefore: claims["nbf"]?.integerValue)
    }
}

/// A token whose signature and claims were verified; what remains is whether it is valid now.
public struct VerifiedToken: Sendable, Equatable {
    /// The claims.
    public let claims: AccessToken
    /// The `nbf` claim, when the token has one.
    public let notBefore: Int64?

    /// Throws unless the token is valid at `now` (seconds): not expired, not issued in the
    /// future, not before its `nbf`, each within the allowed skew.
    public func check(at now: Int64) throws(JWS.Rejection) {
        let skew = AccessToken.allowedSkew
        guard now < claims.expiresAt + skew else { throw JWS.Rejection(reason: "expired") }
        guard claims.issuedAt <= now + skew else { throw JWS.Rejection(reason: "issued in the future") }
        if let notBefore, notBefore > now + skew { throw JWS.Rejection(reason: "not yet valid") }
    }
}
