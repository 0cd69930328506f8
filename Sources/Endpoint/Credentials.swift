import Domain
import Services

/// Reads a request's credentials: `Authorization: Bearer …`, or for browsers the HttpOnly
/// `mirubato_session` cookie holding the access token.
enum Credentials {
    /// The cookie name browsers carry the access token in.
    static let cookieName = "mirubato_session"

    /// The viewer the headers establish; presented but invalid credentials give `.rejected`.
    static func viewer(from headers: [String: String], auth: AuthService) throws -> Viewer {
        if let authorization = headers["authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                return .rejected(APIError(.unauthenticated, "Authorization must be `Bearer <access token>`."))
            }
            return try auth.authenticate(accessToken: parts[1].trimmingHTTPWhitespace())
        }
        if let token = cookie(named: cookieName, in: headers["cookie"]) {
            return try auth.authenticate(accessToken: token)
        }
        return .anonymous
    }

    /// The value of a cookie in a `Cookie` header.
    static func cookie(named name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingHTTPWhitespace() == name {
                return parts[1].trimmingHTTPWhitespace()
            }
        }
        return nil
    }
}

