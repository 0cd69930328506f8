/// Audio attached to a practice log: what was played, kept to listen back to.
public struct Recording: Sendable, Equatable {
    public var id: String
    public var userID: String
    public var logID: String
    public var format: AudioFormat
    public var byteSize: Int
    public var durationMilliseconds: Int
    /// Lower-case hexadecimal SHA-256 of the whole file.
    public var sha256: String
    public var createdAt: Timestamp

    public init(
        id: String, userID: String, logID: String, format: AudioFormat, byteSize: Int, durationMilliseconds: Int, sha256: String,
        createdAt: Timestamp
    ) {
        self.id = id
        self.userID = userID
        self.logID = logID
        self.format = format
        self.byteSize = byteSize
        self.durationMilliseconds = durationMilliseconds
        self.sha256 = sha256
        self.createdAt = createdAt
    }
}
