/// One move of a piece's status.
public struct RepertoireStatusChange: Sendable, Equatable {
    /// The client's id of the move (or a generated one).
    public var id: String
    /// The piece.
    public var sheetMusicID: String
    /// The status before; nil when the move added the piece.
    public var fromStatus: RepertoireStatus?
    /// The status after.
    public var toStatus: RepertoireStatus
    /// The musician's note on the move.
    public var note: String?
    /// Who moved it: nil for the piece's owner.
    public var changedBy: String?
    /// When.
    public var changedAt: Timestamp
    /// The hash of the request that made the move, for safe replay.
    public var requestHash: String?

    /// A move with these values.
    public init(
        id: String, sheetMusicID: String, fromStatus: RepertoireStatus?, toStatus: RepertoireStatus, note: String? = nil,
        changedBy: String? = nil, changedAt: Timestamp, requestHash: String? = nil
    ) {
        self.id = id
        self.sheetMusicID = sheetMusicID
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.note = note
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.requestHash = requestHash
    }
}
