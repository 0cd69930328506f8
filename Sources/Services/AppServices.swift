import Domain
import Storage

/// The domain services of one request, over the process's connections and the request's clock.
/// A class: the request context and every resolver share one instance instead of copying a
/// dozen services around.
public final class AppServices: Sendable {
    /// The sheet-music catalogue.
    public let sheetMusic: SheetMusicService
    /// Sign-in, tokens and sessions.
    public let auth: AuthService
    /// Profiles and accounts.
    public let users: UserService
    /// Practice sessions.
    public let sessions: SessionService
    /// Practice logs.
    public let logs: LogService
    /// Recordings attached to logs.
    public let recordings: RecordingService
    /// Practice templates.
    public let templates: TemplateService
    /// Practice plans.
    public let plans: PlanService
    /// Practice reminders and their unsubscribe links.
    public let reminders: ReminderService
    /// Private calendar feeds.
    public let calendarFeeds: CalendarFeedService
    /// Teacher mode: sharing, the one check of a teacher's reads, assignments and comments.
    public let teaching: TeachingService
    /// Per-piece progress and flags.
    public let pieces: PieceService
    /// The users' own pieces: adding and merging.
    public let ownPieces: OwnPieceService
    /// Derived progress, statistics, achievements and recommendations.
    public let progress: ProgressService
    /// Practice goals.
    public let goals: GoalService
    /// The repertoire: statuses, history, links.
    public let repertoire: RepertoireService
    /// The change feed of offline clients.
    public let sync: SyncService
    /// Shared rate limits.
    public let limiter: RateLimiter
    /// Sign-in settings (budgets and lifetimes).
    public let settings: AuthSettings
    /// The request's clock.
    public let clock: any Clock

    /// Wires the services over a database, the KV cache and its in-memory tier (shared by the
    /// process's requests; `cachesInStore` as `KVCache.usesStore`), a serving process's rate counters, the process's verified tokens and
    /// cursor codec (its key derived once per process, not per request), settings, a clock and a random source.
    public init(
        database: Database, kv: KVStore, memory: KVCache.Memory = KVCache.Memory(capacity: 256), cachesInStore: Bool = true, counters: RateCounters? = nil,
        verifiedTokens: AuthService.VerifiedTokens? = nil, cursors: CursorCodec? = nil, settings: AuthSettings,
        practice: PracticeSettings = PracticeSettings(), clock: any Clock, random: any RandomSource,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        let limiter = RateLimiter(kv: kv, counters: counters, clock: clock)
        let cipher = FieldCipher(key: settings.dataKey, random: random)
        let cursors = cursors ?? CursorCodec(secret: settings.dataKey)
        let sessions = SessionService(
            database: database, cipher: cipher, clock: clock, random: random, settings: practice, cursors: cursors)
        self.sessions = sessions
        logs = LogService(database: database, cipher: cipher, clock: clock, random: random, sessions: sessions, cursors: cursors)
        recordings = RecordingService(
            database: database, logs: LogStore(database: database, cipher: cipher), settings: practice, auth: settings, clock: clock, random: random)
        templates = TemplateService(database: database, clock: clock, random: random)
        let cache = KVCache(kv: kv, memory: memory, clock: clock, usesStore: cachesInStore)
        let plans = PlanService(database: database, clock: clock, random: random, cache: cache)
        self.plans = plans
        reminders = ReminderService(database: database, cipher: cipher, plans: plans, settings: settings, clock: clock, random: random)
        calendarFeeds = CalendarFeedService(database: database, cipher: cipher, plans: plans, settings: settings, clock: clock, random: random)
        teaching = TeachingService(database: database, cipher: cipher, plans: plans, limiter: limiter, settings: settings, clock: clock, random: random)
        pieces = PieceService(database: database, cipher: cipher, random: random)
        ownPieces = OwnPieceService(database: database, cipher: cipher, clock: clock, random: random)
        sheetMusic = SheetMusicService(store: SheetMusicStore(database: database), random: random, cache: cache, cursors: cursors)
        auth = AuthService(
            database: database, settings: settings, limiter: limiter, clock: clock, random: random, verifiedTokens: verifiedTokens, log: log)
        progress = ProgressService(database: database, clock: clock, cache: cache)
        let goals = GoalService(database: database, clock: clock, random: random)
        self.goals = goals
        repertoire = RepertoireService(database: database, cursors: cursors, clock: clock, random: random)
        sync = SyncService(database: database, cipher: cipher, random: random, goals: goals, cursors: cursors)
        users = UserService(database: database, clock: clock, cipher: cipher, random: random, practice: practice)
        self.limiter = limiter
        self.settings = settings
        self.clock = clock
    }
}
