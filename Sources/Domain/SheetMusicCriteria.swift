/// A client's catalogue filter as given, before validation and normalisation.
public struct SheetMusicCriteria: Sendable, Equatable {
    /// Pieces for this instrument.
    public var instrument: Instrument?
    /// Pieces in this difficulty group.
    public var difficulty: Difficulty?
    /// Lowest difficulty level.
    public var minDifficultyLevel: Int?
    /// Highest difficulty level.
    public var maxDifficultyLevel: Int?
    /// Pieces of this period.
    public var stylePeriod: StylePeriod?
    /// Exact grade.
    public var gradeLevel: String?
    /// Part of the composer's name.
    public var composer: String?
    /// Tags every piece must carry.
    public var tags: [String]
    /// Free text over title and composer.
    public var search: String?
    /// Pieces from this source.
    public var sourceType: SourceType?

    /// Creates criteria; every field defaults to "any".
    public init(
        instrument: Instrument? = nil, difficulty: Difficulty? = nil, minDifficultyLevel: Int? = nil,
        maxDifficultyLevel: Int? = nil, stylePeriod: StylePeriod? = nil, gradeLevel: String? = nil,
        composer: String? = nil, tags: [String] = [], search: String? = nil, sourceType: SourceType? = nil
    ) {
        self.instrument = instrument
        self.difficulty = difficulty
        self.minDifficultyLevel = minDifficultyLevel
        self.maxDifficultyLevel = maxDifficultyLevel
        self.stylePeriod = stylePeriod
        self.gradeLevel = gradeLevel
        self.composer = composer
        self.tags = tags
        self.search = search
        self.sourceType = sourceType
    }
}
