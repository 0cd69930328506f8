/// The practice of one user on one local day in one instrument and skill area: the incremental
/// aggregate `practice_days` that progress is recomputed from. Percentages are summed in
/// hundredths so that totals are exact whatever the order of addition.
public struct PracticeDay: Sendable, Equatable {
    /// Instrument.
    public var instrument: Instrument
    /// Skill area.
    public var skillArea: SkillArea
    /// The day in the user's time zone.
    public var day: LocalDay
    /// Logs on the day.
    public var logs = 0
    /// Seconds practised.
    public var seconds = 0
    /// Experience earned (see `Experience`).
    public var experience = 0
    /// Sum of the logs' accuracy in hundredths of a percent.
    public var accuracySum = 0
    /// Logs with an accuracy.
    public var accuracyCount = 0
    /// Sum of tempo ÷ target tempo in hundredths of a percent.
    public var speedSum = 0
    /// Logs with both tempos.
    public var speedCount = 0
    /// Sum of the logs' self-ratings.
    public var ratingSum = 0
    /// Logs with a self-rating.
    public var ratingCount = 0
    /// Logs at or above their target tempo.
    public var tempoTargetsMet = 0
    /// OR of the `maskBit`s of the activity types practised.
    public var activityMask: Int64 = 0

    /// An empty day.
    public init(instrument: Instrument, skillArea: SkillArea, day: LocalDay) {
        self.instrument = instrument
        self.skillArea = skillArea
        self.day = day
    }
}

extension PracticeDay {
    /// Adds one log's practice to the day (the single place the per-log figures are defined).
    public mutating func add(activity: ActivityType, seconds: Int?, accuracy: Double?, tempo: Int?, targetTempo: Int?, rating: Int?) {
        logs += 1
        self.seconds += max(0, seconds ?? 0)
        experience += Experience.points(seconds: seconds, accuracy: accuracy, tempo: tempo, targetTempo: targetTempo)
        if let accuracy {
            accuracySum += Int((accuracy * 100).rounded())
            accuracyCount += 1
        }
        if let tempo, let targetTempo, targetTempo > 0 {
            speedSum += Int((Double(tempo) * 10_000 / Double(targetTempo)).rounded())
            speedCount += 1
            if tempo >= targetTempo { tempoTargetsMet += 1 }
        }
        if let rating {
            ratingSum += rating
            ratingCount += 1
        }
        activityMask |= activity.maskBit
    }
}
