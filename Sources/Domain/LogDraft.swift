/// The fields of a practice log a client sends, for create (onto a template's values) and update
/// (onto the stored log). Unset fields keep the value underneath.
public struct LogDraft: Sendable, Equatable {
    /// The catalogue piece.
    public var sheetMusicID: FieldChange<String> = .keep
    /// The plan item it fulfils.
    public var planItemID: FieldChange<String> = .keep
    /// The kind of work.
    public var activityType: ActivityType?
    /// The instrument.
    public var instrument: Instrument?
    /// Start.
    public var startedAt: Timestamp?
    /// End.
    public var endedAt: FieldChange<Timestamp> = .keep
    /// Seconds practised.
    public var durationSeconds: FieldChange<Int> = .keep
    /// Composer.
    public var composer: FieldChange<String> = .keep
    /// Work title.
    public var workTitle: FieldChange<String> = .keep
    /// Opus number.
    public var opusNumber: FieldChange<String> = .keep
    /// Movement or section.
    public var movementSection: FieldChange<String> = .keep
    /// Tempo played.
    public var tempoPracticed: FieldChange<Int> = .keep
    /// Target tempo.
    public var targetTempo: FieldChange<Int> = .keep
    /// Focus areas.
    public var focusAreas: [FocusArea]?
    /// Rating.
    public var selfRating: FieldChange<Int> = .keep
    /// Accuracy.
    public var accuracy: FieldChange<Double> = .keep
    /// Notes played.
    public var notesPlayed: FieldChange<Int> = .keep
    /// Notes correct.
    public var notesCorrect: FieldChange<Int> = .keep
    /// The player's notes.
    public var practiceNotes: FieldChange<String> = .keep
    /// Recording URL.
    public var audioRecordingURL: FieldChange<String> = .keep

    /// An empty draft.
    public init() {}
}

/// What `createPracticeLog` adds to the fields: where the log goes and how replay is recognised.
public struct LogCreation: Sendable, Equatable {
    /// Client-generated id, for safe replay.
    public var clientID: String?
    /// SHA-256 of the request as sent.
    public var requestHash: String
    /// The session the log belongs to.
    public var sessionID: String?
    /// The template that pre-fills it.
    public var templateID: String?
    /// The fields.
    public var draft: LogDraft

    /// Creates a creation request.
    public init(clientID: String?, requestHash: String, sessionID: String?, templateID: String?, draft: LogDraft) {
        self.clientID = clientID
        self.requestHash = requestHash
        self.sessionID = sessionID
        self.templateID = templateID
        self.draft = draft
    }
}

/// Which logs `myPracticeLogs` lists.
public struct LogFilter: Sendable, Equatable {
    /// Only this activity.
    public var activityType: ActivityType?
    /// Only this instrument.
    public var instrument: Instrument?
    /// Only this piece.
    public var sheetMusicID: String?
    /// Started at or after.
    public var from: Timestamp?
    /// Started before.
    public var to: Timestamp?

    /// Creates a filter.
    public init(activityType: ActivityType? = nil, instrument: Instrument? = nil, sheetMusicID: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil) {
        self.activityType = activityType
        self.instrument = instrument
        self.sheetMusicID = sheetMusicID
        self.from = from
        self.to = to
    }
}
