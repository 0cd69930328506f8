/// The fields of a piece a user adds for themselves (`createSheetMusic`), as the client sent them.
public struct SheetMusicDraft: Sendable, Equatable {
    /// Title without the composer, 1–200 characters.
    public var title: String
    /// The composer as typed; stored in its canonical spelling (`ComposerName`).
    public var composer: String?
    /// The instrument.
    public var instrument: Instrument
    /// Difficulty 1–10; unrated when nil.
    public var difficultyLevel: Int?
    /// Opus number.
    public var opus: String?
    /// Catalogue number.
    public var catalogNumber: String?
    /// Exam grade.
    public var gradeLevel: String?
    /// Typical performance length in seconds.
    public var durationSeconds: Int?
    /// Time signature.
    public var timeSignature: String?
    /// Key.
    public var keySignature: String?
    /// Tempo marking.
    public var tempoMarking: String?
    /// Suggested tempo in BPM.
    public var suggestedTempo: Int?
    /// Historical period.
    public var stylePeriod: StylePeriod?
    /// Tags, stored lower-case.
    public var tags: [String] = []

    /// A draft of a title for an instrument; every other field empty.
    public init(title: String, instrument: Instrument) {
        self.title = title
        self.instrument = instrument
    }
}
