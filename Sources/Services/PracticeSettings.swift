/// Rules of practice tracking that deployments may tune.
public struct PracticeSettings: Sendable {
    /// A session open longer than this since its last activity is completed at that activity
    /// when next touched (`MIRUBATO_SESSION_TIMEOUT`, default 2 hours).
    public var openSessionLimitSeconds: Int64 = 7200

    /// The defaults.
    public init() {}
}
