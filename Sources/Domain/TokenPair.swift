/// What a successful sign-in or refresh hands the client.
public struct TokenPair: Sendable, Equatable {
    /// The JWT access token.
    public var accessToken: String
    /// The single-use refresh token.
    public var refreshToken: String
    /// Seconds until the access token expires.
    public var expiresIn: Int
    /// The signed-in user.
    public var user: User

    /// Creates a token pair.
    public init(accessToken: String, refreshToken: String, expiresIn: Int, user: User) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.user = user
    }
}
