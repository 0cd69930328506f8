/// A piece in a user's repertoire: its status, links, and the practice on it (derived from the
/// user's logs in every write's transaction).
public struct RepertoireItem: Sendable, Equatable {
    /// Owner.
    public var userID: String
    /// The catalogue piece.
    public var sheetMusicID: String
    /// Current status.
    public var status: RepertoireStatus
    /// When the status last changed.
    public var statusChangedAt: Timestamp
    /// Reference links: recordings, editions, lessons.
    public var links: [ReferenceLink]
    /// Seconds practised on the piece, all days.
    public var practiceSeconds: Int
    /// The last local day the piece was practised.
    public var lastPracticedDay: LocalDay?
    /// When the piece entered the repertoire.
    public var createdAt: Timestamp
    /// The last write to the entry (status or links).
    public var updatedAt: Timestamp

    /// An entry with these values.
    public init(
        userID: String, sheetMusicID: String, status: RepertoireStatus, statusChangedAt: Timestamp, links: [ReferenceLink] = [],
        practiceSeconds: Int = 0, lastPracticedDay: LocalDay? = nil, createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.userID = userID
        self.sheetMusicID = sheetMusicID
        self.status = status
        self.statusChangedAt = statusChangedAt
        self.links = links
        self.practiceSeconds = practiceSeconds
        self.lastPracticedDay = lastPracticedDay
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
