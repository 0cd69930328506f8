/// Runs of consecutive practice days. Practising today or yesterday keeps the latest run alive;
/// a missed day breaks it.
public struct Streaks: Sendable, Equatable, Codable {
    /// The longest run.
    public let longest: Int
    /// The run that ends on the latest practice day.
    public let latestRun: Int
    /// The latest practice day.
    public let lastDay: LocalDay?

    /// The streaks of a set of days (any order, duplicates allowed).
    public init<Days: Sequence>(days: Days) where Days.Element == LocalDay {
        let sorted = Set(days).sorted()
        var longest = 0
        var run = 0
        var previous: LocalDay?
        for day in sorted {
            run = previous.map { day.number == $0.number + 1 } == true ? run + 1 : 1
            longest = max(longest, run)
            previous = day
        }
        self.longest = longest
        latestRun = run
        lastDay = previous
    }

    /// Stored figures: the run ending at `lastDay` and the longest run.
    public init(longest: Int, latestRun: Int, lastDay: LocalDay?) {
        self.longest = longest
        self.latestRun = latestRun
        self.lastDay = lastDay
    }

    /// The streak as of `today`: the latest run if its last day is today or yesterday, else 0.
    public func current(today: LocalDay) -> Int {
        guard let lastDay, lastDay.number >= today.number - 1 else { return 0 }
        return latestRun
    }
}
