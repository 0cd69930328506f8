/// What `listSheetMusic` narrows the catalogue by; nil fields do not filter.
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

    /// Creates a filter.
    public init(
        instrument: Instrument? = nil, minDifficultyLevel: Int? = nil, maxDifficultyLevel: Int? = nil,
        stylePeriod: StylePeriod? = nil, gradeLevel: String? = nil, composer: String? = nil,
        tags: [String] = [], searchWords: [String] = [], sourceType: SourceType? = nil
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
    }
}
