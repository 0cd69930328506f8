/// Rules of practice tracking that deployments may tune.
public struct PracticeSettings: Sendable {
    /// A session open longer than this since its last activity is completed at that activity
    /// when next touched (`MIRUBATO_SESSION_TIMEOUT`, default 2 hours).
    public var openSessionLimitSeconds: Int64 = 7200
    /// The largest recording one upload may be (`MIRUBATO_RECORDING_MAX_BYTES`, default 50 MiB).
    public var recordingMaxBytes = 50 << 20
    /// The bytes all of one account's recordings may take (`MIRUBATO_RECORDING_QUOTA_BYTES`,
    /// default 1 GiB).
    public var recordingQuotaBytes = 1 << 30

    /// The defaults.
    public init() {}
}
