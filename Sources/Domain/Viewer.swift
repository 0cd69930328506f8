/// Who is making a request, as established from its credentials before execution.
public enum Viewer: Sendable, Equatable {
    /// No credentials were presented.
    case anonymous
    /// A valid access token for a live session.
    case user(id: String, sessionID: String)
    /// Credentials were presented but are not valid; every field but sign-in answers this error.
    case rejected(APIError)

    /// The signed-in user's id, or the error that explains why there is none.
    public func userID() throws(APIError) -> String {
        switch self {
        case .user(let id, _): return id
        case .anonymous: throw APIError(.unauthenticated, "Sign in to see this.")
        case .rejected(let error): throw error
        }
    }

    /// The signed-in user's id, or nil for anyone else: what decides which of the users' own
    /// pieces a public read may include (none for nil).
    public var signedInUserID: String? {
        if case .user(let id, _) = self { id } else { nil }
    }
}
