/// A timed practice session, as stored in `practice_sessions` (notes decrypted).
public struct PracticeSession: Sendable, Equatable, Identifiable {
    /// Stable identifier.
    public var id: String
    /// Owner.
    public var userID: String
    /// Instrument practised.
    public var instrument: Instrument
    /// Piece practised.
    public var sheetMusicID: String?
    /// How the session is run.
    public var sessionType: SessionType
    /// Where the session is in its life.
    public var status: SessionStatus
    /// Start (server time).
    public var startedAt: Timestamp
    /// The current pause's start, while paused.
    public var pausedAt: Timestamp?
    /// Completion or abandonment.
    public var endedAt: Timestamp?
    /// Seconds spent paused (finished pauses).
    public var pausedSeconds: Int
    /// Seconds practised; set when completed.
    public var durationSeconds: Int?
    /// Notes attempted.
    public var notesAttempted: Int
    /// Notes correct.
    public var notesCorrect: Int
    /// Accuracy 0–100.
    public var accuracy: Double?
    /// Logs in the session.
    public var totalExercises: Int
    /// Logs with a duration.
    public var completedExercises: Int
    /// The player's notes.
    public var notes: String?
    /// Local calendar day of the start, in the user's time zone.
    public var sessionDate: String
    /// Last start, pause, resume or log.
    public var lastActivityAt: Timestamp
    /// When the row was created.
    public var createdAt: Timestamp
    /// When the row last changed.
    public var updatedAt: Timestamp
    /// Hash of the create request, for safe replay.
    public var createHash: String?

    /// Creates a session value.
    public init(
        id: String, userID: String, instrument: Instrument, sheetMusicID: String?, sessionType: SessionType,
        status: SessionStatus, startedAt: Timestamp, pausedAt: Timestamp? = nil, endedAt: Timestamp? = nil,
        pausedSeconds: Int = 0, durationSeconds: Int? = nil, notesAttempted: Int = 0, notesCorrect: Int = 0,
        accuracy: Double? = nil, totalExercises: Int = 0, completedExercises: Int = 0, notes: String? = nil,
        sessionDate: String, lastActivityAt: Timestamp, createdAt: Timestamp, updatedAt: Timestamp, createHash: String? = nil
    ) {
        self.id = id
        self.userID = userID
        self.instrument = instrument
        self.sheetMusicID = sheetMusicID
        self.sessionType = sessionType
        self.status = status
        self.startedAt = startedAt
        self.pausedAt = pausedAt
        self.endedAt = endedAt
        self.pausedSeconds = pausedSeconds
        self.durationSeconds = durationSeconds
        self.notesAttempted = notesAttempted
        self.notesCorrect = notesCorrect
        self.accuracy = accuracy
        self.totalExercises = totalExercises
        self.completedExercises = completedExercises
        self.notes = notes
        self.sessionDate = sessionDate
        self.lastActivityAt = lastActivityAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.createHash = createHash
    }
}
