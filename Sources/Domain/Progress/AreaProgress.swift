/// Progress in one instrument and skill area: a row of `progress_tracking`, always recomputed
/// from the area's `PracticeDay`s so that the incremental result equals a rebuild.
public struct AreaProgress: Sendable, Equatable, Codable {
    /// Days of practice with accuracy or tempo data that the trends average over.
    public static let trendWindow = 10
    /// Streak lengths that are milestones.
    public static let streakMilestones = [7, 30, 100, 365]

    /// Instrument.
    public var instrument: Instrument
    /// Skill area.
    public var skillArea: SkillArea
    /// Experience points.
    public var experiencePoints = 0
    /// Seconds practised.
    public var totalPracticeSeconds = 0
    /// Streak figures (stored as `consecutive_days`, `longest_streak`, `last_practice_date`).
    public var streaks = Streaks(longest: 0, latestRun: 0, lastDay: nil)
    /// Accuracy over the last `trendWindow` days with accuracy data, log-weighted, 0–100.
    public var accuracyTrend: Double?
    /// Tempo as a percentage of target tempo over the last `trendWindow` days with tempo data.
    public var speedTrend: Double?
    /// Ids of the user's unlocked achievements (the same on every row of the user).
    public var achievements: [String] = []
    /// Level-ups and streak records, oldest first.
    public var milestones: [Milestone] = []

    /// Empty progress.
    public init(instrument: Instrument, skillArea: SkillArea) {
        self.instrument = instrument
        self.skillArea = skillArea
    }

    /// The level reached.
    public var level: Int { Experience.level(for: experiencePoints) }

    /// Recomputes an area's progress from its days (any order).
    public init(instrument: Instrument, skillArea: SkillArea, days: [PracticeDay]) {
        self.init(instrument: instrument, skillArea: skillArea)
        let days = days.sorted { $0.day < $1.day }
        var level = 1
        var run = 0
        var previous: LocalDay?
        for day in days {
            totalPracticeSeconds += day.seconds
            experiencePoints += day.experience
            let reached = Experience.level(for: experiencePoints)
            if reached > level {
                milestones.append(Milestone(day: day.day, title: "Level \(reached) in \(skillArea.title) (\(instrument.rawValue))"))
                level = reached
            }
            run = previous.map { day.day.number == $0.number + 1 } == true ? run + 1 : 1
            if Self.streakMilestones.contains(run) {
                milestones.append(Milestone(day: day.day, title: "\(run)-day streak in \(skillArea.title) (\(instrument.rawValue))"))
            }
            previous = day.day
        }
        streaks = Streaks(days: days.map(\.day))
        accuracyTrend = Self.trend(days.filter { $0.accuracyCount > 0 }.suffix(Self.trendWindow), \.accuracySum, \.accuracyCount)
        speedTrend = Self.trend(days.filter { $0.speedCount > 0 }.suffix(Self.trendWindow), \.speedSum, \.speedCount)
    }

    /// Σsum ÷ Σcount of hundredths, as a percentage rounded to two decimals; nil without data.
    public static func trend<Days: Sequence>(_ days: Days, _ sum: KeyPath<PracticeDay, Int>, _ count: KeyPath<PracticeDay, Int>) -> Double? where Days.Element == PracticeDay {
        var total = 0
        var weight = 0
        for day in days {
            total += day[keyPath: sum]
            weight += day[keyPath: count]
        }
        guard weight > 0 else { return nil }
        return (Double(total) / Double(weight)).rounded() / 100
    }
}
