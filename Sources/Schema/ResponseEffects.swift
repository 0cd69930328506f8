import Foundation

/// Side effects resolvers ask of the transport, collected during one request: a browser's
/// session cookie is set on sign-in and refresh, and cleared on sign-out.
public final class ResponseEffects: @unchecked Sendable {
    /// A change of the session cookie.
    public enum Session: Sendable, Equatable {
        /// Keep this access token for this many seconds.
        case set(token: String, maxAge: Int)
        /// Remove it.
        case clear
    }

    private let lock = NSLock()
    private var storedSession: Session?

    /// Creates an empty set of effects.
    public init() {}

    /// The requested session change, if any (the last one wins).
    public var session: Session? {
        lock.withLock { storedSession }
    }

    /// Asks for a session change.
    func request(_ session: Session) {
        lock.withLock { storedSession = session }
    }
}
