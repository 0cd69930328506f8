import Domain
import Storage

extension ProgressService {
    /// Pieces recommended when no limit is given.
    public static let defaultRecommendations = 10
    /// Most pieces recommended at once.
    public static let maxRecommendations = 50
    /// Best accuracy (percent) at which a piece counts as mastered.
    public static let masteredAccuracy = 90.0
    /// How far from the user's level a recommended piece's difficulty may be.
    public static let levelReach = 2

    /// Pieces for the signed-in user to practise next, best match first. The user's level on
    /// the instrument is one above the hardest piece they mastered (completed, or best accuracy
    /// ≥ 90 %), else the rounded mean difficulty of the pieces they practised, else their skill
    /// level (beginner 2, intermediate 5, advanced 7, professional 9), else 2. Candidates are the
    /// instrument's active pieces within two levels that they have not mastered, ordered by
    /// distance from the level, pieces already started first, then title and id; deterministic.
    public func recommendations(viewer: Viewer, instrument: Instrument, limit: Int?) throws -> [SheetMusic] {
        let userID = try viewer.userID()
        let limit = try PageRequest.checkedLimit(limit, default: Self.defaultRecommendations, max: Self.maxRecommendations)
        let level = try self.level(userID: userID, instrument: instrument)
        return try catalogue.recommended(
            instrument: instrument.rawValue, userID: userID, level: level, reach: Self.levelReach,
            masteredAccuracy: Self.masteredAccuracy, limit: limit)
    }

    /// The difficulty level recommendations aim at (see `recommendations`).
    func level(userID: String, instrument: Instrument) throws -> Int {
        let practised = try catalogue.practisedLevels(instrument: instrument.rawValue, userID: userID, masteredAccuracy: Self.masteredAccuracy)
        if let mastered = practised.mastered { return min(10, mastered + 1) }
        if let mean = practised.mean { return mean }
        switch try users.find(id: userID)?.skillLevel {
        case .beginner, nil: return 2
        case .intermediate: return 5
        case .advanced: return 7
        case .professional: return 9
        }
    }
}
