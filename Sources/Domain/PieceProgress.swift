/// A user's progress on one piece, as stored in `user_sheet_music_progress` (notes decrypted).
public struct PieceProgress: Sendable, Equatable {
    /// The piece.
    public var sheetMusicID: String
    /// Owner.
    public var userID: String
    /// First log of the piece.
    public var firstAttemptedAt: Timestamp?
    /// Latest log of the piece.
    public var lastAttemptedAt: Timestamp?
    /// Logs of the piece.
    public var timesPracticed = 0
    /// Best accuracy.
    public var bestAccuracy: Double?
    /// Average accuracy.
    public var averageAccuracy: Double?
    /// Fastest tempo.
    public var bestTempo: Int?
    /// Marked learned.
    public var isCompleted = false
    /// Starred.
    public var isStarred = false
    /// Bookmarked.
    public var isBookmarked = false
    /// Difficulty rating 1–5.
    public var difficultyRating: Int?
    /// The user's notes.
    public var notes: String?

    /// Creates empty progress on a piece.
    public init(sheetMusicID: String, userID: String) {
        self.sheetMusicID = sheetMusicID
        self.userID = userID
    }
}
