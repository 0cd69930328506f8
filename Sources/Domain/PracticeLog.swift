/// One recorded practice activity, as stored in `practice_logs` (notes decrypted).
public struct PracticeLog: Sendable, Equatable, Identifiable {
    /// Stable identifier.
    public var id: String
    /// Owner.
    public var userID: String
    /// The session it belongs to.
    public var sessionID: String?
    /// The catalogue piece practised.
    public var sheetMusicID: String?
    /// The plan item the log fulfils.
    public var planItemID: String?
    /// Whether the notes were left out because the reader is a teacher the student does not
    /// share them with (never stored).
    public var notesWithheld = false
    /// The kind of work.
    public var activityType: ActivityType
    /// Instrument.
    public var instrument: Instrument
    /// Start.
    public var startedAt: Timestamp
    /// End.
    public var endedAt: Timestamp?
    /// Seconds practised.
    public var durationSeconds: Int?
    /// Composer of the work.
    public var composer: String?
    /// Title of the work.
    public var workTitle: String?
    /// Opus number.
    public var opusNumber: String?
    /// Movement or section.
    public var movementSection: String?
    /// Tempo played.
    public var tempoPracticed: Int?
    /// Target tempo.
    public var targetTempo: Int?
    /// Focus areas.
    public var focusAreas: [FocusArea]
    /// Rating 1–10.
    public var selfRating: Int?
    /// Accuracy 0–100.
    public var accuracy: Double?
    /// Notes played.
    public var notesPlayed: Int?
    /// Notes correct.
    public var notesCorrect: Int?
    /// The player's notes.
    public var practiceNotes: String?
    /// Recording URL.
    public var audioRecordingURL: String?
    /// When the row was created.
    public var createdAt: Timestamp
    /// When the row last changed.
    public var updatedAt: Timestamp
    /// Hash of the create request, for safe replay.
    public var createHash: String?
    /// The calendar day of `startedAt` in the user's time zone, `YYYY-MM-DD`.
    public var localDay: String?

    /// Creates a log with the required fields; the rest start empty.
    public init(id: String, userID: String, activityType: ActivityType, instrument: Instrument, startedAt: Timestamp, createdAt: Timestamp) {
        self.id = id
        self.userID = userID
        self.activityType = activityType
        self.instrument = instrument
        self.startedAt = startedAt
        focusAreas = []
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}
