/// What `listSheetMusic` narrows the catalogue by; nil fields do not filter, except `ownerID`:
/// nil lists the curated catalogue, a user's id lists that user's own pieces only.
public struct SheetMusicFilter: Sendable, Equatable, Codable {
    /// Pieces playable on this instrument.
    public var instrument: Instrument?
    /// Lowest difficulty level (inclusive).
    public var minDifficultyLevel: Int?
    /// Highest difficulty level (inclusive).
    public var maxDifficultyLevel: Int?
    /// Pieces of this period.
    public var stylePeriod: StylePeriod?
    /// Exact grade text.
    public var gradeLevel: String?
    /// Folded fragment of the composer's name.
    public var composer: String?
    /// Tags every piece must carry.
    public var tags: [String]
    /// Folded words that must all appear in title or composer.
    public var searchWords: [String]
    /// Pieces from this source.
    public var sourceType: SourceType?
    /// Whose own pieces to list; nil for the curated catalogue.
    public var ownerID: String?

    /// Creates a filter.
    public init(
        instrument: Instrument? = nil, minDifficultyLevel: Int? = nil, maxDifficultyLevel: Int? = nil,
        stylePeriod: StylePeriod? = nil, gradeLevel: String? = nil, composer: String? = nil,
        tags: [String] = [], searchWords: [String] = [], sourceType: SourceType? = nil, ownerID: String? = nil
    ) {
        self.instrument = instrument
        self.minDifficultyLevel = minDifficultyLevel
        self.maxDifficultyLevel = maxDifficultyLevel
        self.stylePeriod = stylePeriod
        self.gradeLevel = gradeLevel
        self.composer = composer
        self.tags = tags
        self.searchWords = searchWords
        self.sourceType = sourceType
        self.ownerID = ownerID
    }
}
