import Domain
import Storage

/// Reads of derived progress: the overview of an instrument, statistics, achievements and
/// recommendations, plus the rebuild. Overviews and statistics are cached in the KV store under
/// the user's progress revision and local day, so any write that changes practice (which moves
/// the revision on in its own transaction) is visible on the next read.
public struct ProgressService: Sendable {
    /// Seconds a cached overview or statistics entry lives.
    public static let cacheTTL = 300

    private let database: Database
    let store: ProgressStore
    let users: UserStore
    private let tracker: ProgressTracker
    let catalogue: SheetMusicStore
    private let cache: KVCache?
    let clock: any Clock

    /// Creates the service; without a cache every read is computed.
    public init(database: Database, clock: any Clock, cache: KVCache?) {
        self.database = database
        store = ProgressStore(database: database)
        users = UserStore(database: database)
        tracker = ProgressTracker(database: database)
        catalogue = SheetMusicStore(database: database)
        self.cache = cache
        self.clock = clock
    }

    /// The signed-in user's progress on an instrument (their primary one by default).
    public func overview(viewer: Viewer, instrument: Instrument?) throws -> ProgressOverview {
        try overview(of: ReadAccess(viewer: viewer), instrument: instrument)
    }

    /// The progress overview of the practice the access reaches.
    public func overview(of access: ReadAccess, instrument: Instrument?) throws -> ProgressOverview {
        let userID = access.userID
        // The profile (instrument, time zone) and the cache's revision in one statement.
        guard let (user, revision) = try users.findWithProgressRevision(id: userID) else {
            throw APIError(.notFound, "The account no longer exists.")
        }
        let instrument = instrument ?? user.primaryInstrument
        let calendar = LocalCalendar(timeZone: user.preferences.timeZone)
        let today = calendar.day(of: clock.now())
        return try cached("progress:\(userID):\(instrument.rawValue):\(today)", revision: revision) {
            try ProgressOverviewBuilder(store: store, calendar: calendar)
                .overview(userID: userID, instrument: instrument, today: today)
        }
    }

    /// The signed-in user's (or, for `User.stats`, the given user's) totals over all instruments.
    public func stats(userID: String) throws -> UserStats {
        let calendar = try LocalCalendar(userID: userID, users: users)
        let today = calendar.day(of: clock.now())
        return try cached("stats:\(userID):\(today)", userID: userID) {
            var stats = try store.statistics(userID: userID)
            let streaks = Streaks(days: try store.practiceDays(userID: userID))
            stats.currentStreak = streaks.current(today: today)
            stats.longestStreak = streaks.longest
            return stats
        }
    }

    /// Every achievement of the catalogue with the signed-in user's progress toward it.
    public func achievements(viewer: Viewer) throws -> [AchievementStatus] {
        let userID = try viewer.userID()
        let facts = try tracker.facts(userID: userID)
        let unlocked = try store.unlockedAchievements(userID: userID)
        return Achievement.catalogue.map {
            AchievementStatus(achievement: $0, unlockedAt: unlocked[$0.id], current: facts.value(of: $0.metric))
        }
    }

    /// One achievement of the signed-in user, for a subscription delivery.
    public func achievement(viewer: Viewer, id: String) throws -> AchievementStatus? {
        try achievements(viewer: viewer).first { $0.achievement.id == id }
    }

    /// Recomputes the derived progress of one user, or of every user; answers how many.
    public func rebuild(userID: String? = nil) throws -> Int {
        if let userID, try users.find(id: userID) == nil { throw APIError(.notFound, "There is no user with the id \(userID).") }
        let ids = try userID.map { [$0] } ?? store.userIDs()
        for id in ids {
            try database.transaction(lockingUsers: [id]) { _ in try tracker.rebuild(userID: id, now: clock.now()) }
        }
        return ids.count
    }

    func cached<Value: Codable & Sendable>(_ key: String, userID: String, compute: () throws -> Value) throws -> Value {
        guard cache != nil else { return try compute() }
        return try cached(key, revision: store.revision(userID: userID), compute: compute)
    }

    /// `cached(_:userID:compute:)` with the user's progress revision already read.
    func cached<Value: Codable & Sendable>(_ key: String, revision: Int, compute: () throws -> Value) throws -> Value {
        guard let cache else { return try compute() }
        return try cache.value("\(key):\(revision)", ttl: Self.cacheTTL, compute: compute)
    }
}

/// A student's practice at a glance, for a teacher's list of students.
public struct PracticeSummary: Sendable, Equatable, Codable {
    /// The latest local day with practice, if any.
    public var lastPracticeDay: LocalDay?
    /// Consecutive days of practice up to today or yesterday.
    public var currentStreak: Int
    /// Seconds practised this week (Monday to today, in the student's time zone).
    public var secondsThisWeek: Int
}

extension ProgressService {
    /// The practice summary of the practice the access reaches (which must include progress).
    /// Cached per user, day and progress revision.
    public func summary(of access: ReadAccess) throws -> PracticeSummary {
        guard access.scopes.contains(.progress) else { throw APIError(.forbidden, "Progress is not shared with you.") }
        let userID = access.userID
        guard let (user, revision) = try users.findWithProgressRevision(id: userID) else {
            throw APIError(.notFound, "The account no longer exists.")
        }
        let today = LocalCalendar(timeZone: user.preferences.timeZone).day(of: clock.now())
        return try cached("summary:\(userID):\(today)", revision: revision) {
            let streaks = Streaks(days: try store.practiceDays(userID: userID))
            let monday = today.adding(days: -Int64(Weekday.allCases.firstIndex(of: Weekday(of: today)) ?? 0))
            return PracticeSummary(
                lastPracticeDay: streaks.lastDay, currentStreak: streaks.current(today: today),
                secondsThisWeek: try store.seconds(userID: userID, from: monday, through: today))
        }
    }
}
