/// A piece of the curated catalogue, or one a user added for themselves, as stored in `sheet_music`.
public struct SheetMusic: Sendable, Equatable, Identifiable, Codable {
    /// Stable identifier.
    public var id: String
    /// Title without the composer.
    public var title: String
    /// Composer's full name; nil for anonymous works.
    public var composer: String?
    /// Opus number.
    public var opus: String?
    /// Catalogue number such as `BWV 846`.
    public var catalogNumber: String?
    /// Instruments the piece is playable on (a `both` row lists piano and guitar).
    public var instruments: [Instrument]
    /// Difficulty from 1 to 10.
    public var difficultyLevel: Int
    /// Exam grade.
    public var gradeLevel: String?
    /// Typical performance length.
    public var durationSeconds: Int?
    /// Time signature such as `3/4`.
    public var timeSignature: String?
    /// Key such as `A minor`.
    public var keySignature: String?
    /// Tempo marking such as `Andante`.
    public var tempoMarking: String?
    /// Suggested tempo in BPM.
    public var suggestedTempo: Int?
    /// Historical period.
    public var stylePeriod: StylePeriod?
    /// Lower-case tags.
    public var tags: [String]
    /// Where the piece comes from.
    public var sourceType: SourceType
    /// Edition or collection.
    public var sourceAttribution: String?
    /// Licence of the edition.
    public var licenseType: String?
    /// Notation of the opening measures as stored JSON; parsed only when `measures()` is asked for,
    /// so lists that do not select notation never pay for it.
    public var notationData: String?
    /// A recording.
    public var audioReferenceURL: String?
    /// The user who added the piece for themselves (`user_created`); nil for the catalogue.
    public var userID: String?
    /// SHA-256 of the create request of a user's piece (safe replay with a client id).
    public var createHash: String?
    /// When the row was created.
    public var createdAt: Timestamp
    /// When the row last changed.
    public var updatedAt: Timestamp

    /// Creates a piece.
    public init(
        id: String, title: String, composer: String?, opus: String? = nil, catalogNumber: String? = nil,
        instruments: [Instrument], difficultyLevel: Int, gradeLevel: String? = nil, durationSeconds: Int? = nil,
        timeSignature: String? = nil, keySignature: String? = nil, tempoMarking: String? = nil,
        suggestedTempo: Int? = nil, stylePeriod: StylePeriod? = nil, tags: [String] = [],
        sourceType: SourceType, sourceAttribution: String? = nil, licenseType: String? = nil,
        measures: [Measure] = [], notationData: String? = nil, audioReferenceURL: String? = nil, userID: String? = nil, createHash: String? = nil,
        createdAt: Timestamp = Timestamp(milliseconds: 0), updatedAt: Timestamp = Timestamp(milliseconds: 0)
    ) {
        self.id = id
        self.title = title
        self.composer = composer
        self.opus = opus
        self.catalogNumber = catalogNumber
        self.instruments = instruments
        self.difficultyLevel = difficultyLevel
        self.gradeLevel = gradeLevel
        self.durationSeconds = durationSeconds
        self.timeSignature = timeSignature
        self.keySignature = keySignature
        self.tempoMarking = tempoMarking
        self.suggestedTempo = suggestedTempo
        self.stylePeriod = stylePeriod
        self.tags = tags
        self.sourceType = sourceType
        self.sourceAttribution = sourceAttribution
        self.licenseType = licenseType
        self.notationData = notationData ?? (measures.isEmpty ? nil : JSONWriter.string(Notation.json(measures)))
        self.audioReferenceURL = audioReferenceURL
        self.userID = userID
        self.createHash = createHash
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The notated opening measures; empty when the piece has no notation.
    public func measures() throws -> [Measure] {
        guard let notationData else { return [] }
        return try Notation.measures(from: JSONParser.parse(notationData))
    }

    /// The difficulty group of the piece's level.
    public var difficulty: Difficulty { Difficulty(level: difficultyLevel) }
}
