import Domain
import Storage

/// Generates demo users with a practice history, for load tests and the scale figures: each
/// user gets `logsPerUser` logs spread over up to three years ending yesterday, grouped five to
/// a completed session, on catalogue pieces half of the time, then a progress rebuild. Rows go in
/// through the storage layer in large transactions; the output depends only on the random source.
public struct DemoData: Sendable {
    /// What a run wrote.
    public struct Report: Sendable, Equatable {
        /// Users created.
        public var users = 0
        /// Logs written.
        public var logs = 0
        /// Sessions written.
        public var sessions = 0
    }

    /// Logs per session.
    static let logsPerSession = 5
    /// The longest history, in days.
    static let maxSpanDays = 1_095

    private let database: Database
    private let cipher: FieldCipher
    private let clock: any Clock
    private let random: any RandomSource

    /// Creates a generator over a migrated, seeded database.
    public init(database: Database, cipher: FieldCipher, clock: any Clock, random: any RandomSource) {
        self.database = database
        self.cipher = cipher
        self.clock = clock
        self.random = random
    }

    /// Adds `users` demo users (`demo-<n>@example.com`, numbered after the existing ones).
    public func generate(users: Int, logsPerUser: Int, progress: (String) -> Void = { _ in }) throws -> Report {
        let now = clock.now()
        let userStore = UserStore(database: database)
        let pieces = try database.query("SELECT id, instrument FROM sheet_music WHERE is_active ORDER BY id") {
            ($0.string(0) ?? "", $0.string(1) ?? "piano")
        }
        let first = try database.first("SELECT count(*) FROM users WHERE email LIKE 'demo-%@example.com'") { $0.integer(0) ?? 0 } ?? 0
        var report = Report()
        for number in first..<(first + users) {
            let id = Nanoid.make(using: random)
            try database.transaction { _ in
                try userStore.insert(User(id: id, email: "demo-\(number)@example.com", createdAt: now, updatedAt: now))
                report.sessions += try history(userID: id, logs: logsPerUser, pieces: pieces, now: now)
                try ProgressTracker(database: database).rebuild(userID: id, now: now)
            }
            report.users += 1
            report.logs += logsPerUser
            progress("user \(report.users)/\(users): \(report.logs) logs")
        }
        return report
    }

    /// Writes one user's logs and sessions; answers the number of sessions.
    private func history(userID: String, logs count: Int, pieces: [(id: String, instrument: String)], now: Timestamp) throws -> Int {
        let logs = LogStore(database: database, cipher: cipher)
        let sessions = SessionStore(database: database, cipher: cipher)
        let progress = PieceProgressStore(database: database, cipher: cipher, random: random)
        let span = min(Self.maxSpanDays, max(30, count / 5))
        let today = LocalDay(utcDayOf: now)
        var practised: Set<String> = []
        var written = 0
        var index = 0
        while index < count {
            let day = today.adding(days: -Int64(1 + random.integer(below: span)))
            var start = day.utcMidnight.adding(seconds: Int64(6 * 3_600 + random.integer(below: 14 * 3_600)))
            let instrument: Instrument = random.integer(below: 4) == 0 ? .guitar : .piano
            let sessionStart = start
            let session = Nanoid.make(using: random)
            var batch: [PracticeLog] = []
            for _ in 0..<min(Self.logsPerSession, count - index) {
                var log = randomLog(userID: userID, instrument: instrument, start: start, pieces: pieces, now: now)
                log.sessionID = session
                log.localDay = day.description
                if let piece = log.sheetMusicID { practised.insert(piece) }
                start = log.endedAt ?? start
                batch.append(log)
            }
            let total = batch.reduce(0) { $0 + ($1.durationSeconds ?? 0) }
            try sessions.insert(PracticeSession(
                id: session, userID: userID, instrument: instrument, sheetMusicID: nil, sessionType: .freePractice, status: .completed,
                startedAt: sessionStart, endedAt: start, durationSeconds: total, totalExercises: batch.count,
                completedExercises: batch.count, sessionDate: day.description, lastActivityAt: start, createdAt: now, updatedAt: now))
            for log in batch { try logs.insert(log) }
            index += batch.count
            written += 1
        }
        for piece in practised.sorted() { try progress.refresh(sheetMusicID: piece, userID: userID) }
        // Every practised piece is in the repertoire, as logging it would have put it, at a
        // random status (the rebuild that follows fills in the practice figures).
        let repertoire = RepertoireStore(database: database)
        for piece in practised.sorted() {
            let status = RepertoireStatus.allCases[random.integer(below: RepertoireStatus.allCases.count)]
            try repertoire.insert(RepertoireItem(userID: userID, sheetMusicID: piece, status: status, statusChangedAt: now, createdAt: now, updatedAt: now))
            try repertoire.append(
                RepertoireStatusChange(id: Nanoid.make(using: random), sheetMusicID: piece, fromStatus: nil, toStatus: status, changedAt: now),
                userID: userID)
        }
        return written
    }

    /// One log of random practice starting at `start`.
    private func randomLog(userID: String, instrument: Instrument, start: Timestamp, pieces: [(id: String, instrument: String)], now: Timestamp) -> PracticeLog {
        var log = PracticeLog(
            id: Nanoid.make(using: random), userID: userID,
            activityType: ActivityType.allCases[random.integer(below: ActivityType.allCases.count)], instrument: instrument,
            startedAt: start, createdAt: now)
        let seconds = 60 + random.integer(below: 1_740)
        log.durationSeconds = seconds
        log.endedAt = start.adding(seconds: Int64(seconds))
        let candidates = pieces.filter { $0.instrument == instrument.rawValue || $0.instrument == "both" }
        if random.integer(below: 2) == 0, !candidates.isEmpty { log.sheetMusicID = candidates[random.integer(below: candidates.count)].id }
        if random.integer(below: 2) == 0 { log.accuracy = Double(5_000 + random.integer(below: 5_001)) / 100 }
        if random.integer(below: 2) == 0 {
            let target = 60 + random.integer(below: 100)
            log.targetTempo = target
            log.tempoPracticed = target - 20 + random.integer(below: 30)
        }
        log.selfRating = 1 + random.integer(below: 10)
        return log
    }
}
