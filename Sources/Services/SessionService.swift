import Domain
import Foundation
import Storage

/// Practice sessions as a state machine: in progress ⇄ paused → completed, or abandoned.
/// Times come from the server clock only; durations, exercise counts and accuracy are computed.
public struct SessionService: Sendable {
    /// How a client starts a session.
    public struct Start: Sendable {
        /// Client-generated id, for safe replay.
        public var clientID: String?
        /// SHA-256 of the request as sent.
        public var requestHash: String
        /// Instrument.
        public var instrument: Instrument
        /// Piece.
        public var sheetMusicID: String?
        /// How the session is run.
        public var sessionType: SessionType

        /// Creates a start request.
        public init(clientID: String?, requestHash: String, instrument: Instrument, sheetMusicID: String?, sessionType: SessionType) {
            self.clientID = clientID
            self.requestHash = requestHash
            self.instrument = instrument
            self.sheetMusicID = sheetMusicID
            self.sessionType = sessionType
        }
    }

    private let database: Database
    private let sessions: SessionStore
    private let logs: LogStore
    private let pieces: SheetMusicStore
    private let users: UserStore
    private let events: EventStore
    private let tracker: ProgressTracker
    private let clock: any Clock
    private let random: any RandomSource
    private let settings: PracticeSettings
    private let cursors: CursorCodec

    /// Creates the service; `cursors` signs the cursors of its list.
    public init(
        database: Database, cipher: FieldCipher, clock: any Clock, random: any RandomSource, settings: PracticeSettings,
        cursors: CursorCodec
    ) {
        self.database = database
        self.cursors = cursors
        sessions = SessionStore(database: database, cipher: cipher)
        logs = LogStore(database: database, cipher: cipher)
        pieces = SheetMusicStore(database: database)
        users = UserStore(database: database)
        events = EventStore(database: database)
        tracker = ProgressTracker(database: database)
        self.clock = clock
        self.random = random
        self.settings = settings
    }

    /// Starts a session; replaying the same start returns the stored session.
    public func start(viewer: Viewer, _ request: Start) throws -> PracticeSession {
        let userID = try viewer.userID()
        try PracticeRules.checkClientID(request.clientID)
        return try database.transaction(lockingUsers: [userID]) { _ in
            if let stored = try PracticeRules.replay(
                clientID: request.clientID, requestHash: request.requestHash, find: { try sessions.find(id: $0, userID: userID) },
                hash: \.createHash, exists: sessions.exists(id:)
            ) { return stored }
            if let pieceID = request.sheetMusicID, try pieces.find(id: pieceID, visibleTo: userID) == nil {
                throw APIError.invalid("sheetMusicId", "There is no piece with this id.")
            }
            let now = clock.now()
            try closeStale(userID: userID, now: now)
            if let open = try sessions.open(userID: userID, instrument: request.instrument) {
                throw APIError(
                    .conflict, "Session \(open.id) on \(request.instrument.rawValue) is still open; complete or abandon it first.",
                    extensions: ["sessionId": .string(open.id)])
            }
            let session = PracticeSession(
                id: request.clientID ?? Nanoid.make(using: random), userID: userID, instrument: request.instrument,
                sheetMusicID: request.sheetMusicID, sessionType: request.sessionType, status: .inProgress, startedAt: now,
                sessionDate: try LocalCalendar(userID: userID, users: users).day(of: now).description, lastActivityAt: now, createdAt: now, updatedAt: now,
                createHash: request.requestHash)
            try sessions.insert(session)
            try announce(session, at: now)
            return session
        }
    }

    /// Pauses a session in progress.
    public func pause(viewer: Viewer, id: String) throws -> PracticeSession {
        try transition(viewer: viewer, id: id, allowed: [.inProgress], verb: "pause") { session, now in
            session.status = .paused
            session.pausedAt = now
        }
    }

    /// Resumes a paused session; the pause counts toward its paused time.
    public func resume(viewer: Viewer, id: String) throws -> PracticeSession {
        try transition(viewer: viewer, id: id, allowed: [.paused], verb: "resume") { session, now in
            session.pausedSeconds += Self.seconds(from: session.pausedAt ?? now, to: now)
            session.pausedAt = nil
            session.status = .inProgress
        }
    }

    /// Completes a session at the server's now. Client counts of notes are validated and win over
    /// the logs' sums; accuracy is correct ÷ attempted, else the logs' duration-weighted average.
    public func complete(viewer: Viewer, id: String, notesAttempted: Int?, notesCorrect: Int?, notes: String?) throws -> PracticeSession {
        if let attempted = notesAttempted, attempted < 0 {
            throw APIError.invalid("notesAttempted", "notesAttempted must not be negative.")
        }
        if let correct = notesCorrect {
            guard correct >= 0 else { throw APIError.invalid("notesCorrect", "notesCorrect must not be negative.") }
            guard let attempted = notesAttempted, correct <= attempted else {
                throw APIError.invalid("notesCorrect", "notesCorrect must not exceed notesAttempted.")
            }
        }
        try PracticeRules.checkText("notes", notes, limit: PracticeRules.maxNotes)
        return try transition(viewer: viewer, id: id, allowed: [.inProgress, .paused], verb: "complete") { session, now in
            try finish(&session, at: now)
            if let attempted = notesAttempted {
                session.notesAttempted = attempted
                session.notesCorrect = notesCorrect ?? 0
                session.accuracy = attempted > 0 ? Self.percent(session.notesCorrect, of: attempted) : session.accuracy
            }
            if let notes { session.notes = notes }
        }
    }

    /// Abandons an unfinished session: it keeps its logs but counts no duration.
    public func abandon(viewer: Viewer, id: String) throws -> PracticeSession {
        try transition(viewer: viewer, id: id, allowed: [.inProgress, .paused], verb: "abandon") { session, now in
            if let pausedAt = session.pausedAt { session.pausedSeconds += Self.seconds(from: pausedAt, to: now) }
            session.pausedAt = nil
            session.status = .abandoned
            session.endedAt = now
            session.durationSeconds = nil
        }
    }

    /// One of the user's sessions (stale ones are completed first).
    public func session(viewer: Viewer, id: String) throws -> PracticeSession? {
        let userID = try viewer.userID()
        try closeStaleSessions(userID: userID)
        return try sessions.find(id: id, userID: userID)
    }

    /// A page of the user's sessions, newest first.
    public func sessions(viewer: Viewer, instrument: Instrument?, from: Timestamp?, to: Timestamp?, page: PageRequest) throws -> Page<PracticeSession> {
        let access = try ReadAccess(viewer: viewer)
        try closeStaleSessions(userID: access.userID)
        return try sessions(of: access, instrument: instrument, from: from, to: to, page: page)
    }

    /// A page of the sessions the access reaches, newest first. Only the owner's own reads close
    /// stale sessions: a teacher's read changes nothing.
    public func sessions(of access: ReadAccess, instrument: Instrument?, from: Timestamp?, to: Timestamp?, page: PageRequest) throws
        -> Page<PracticeSession> {
        let (limit, start) = try page.resolved(list: "practiceSessions", keyCount: SessionStore.order.keyCount, cursors: cursors)
        return try sessions.list(userID: access.userID, instrument: instrument, from: from, to: to, limit: limit, start: start)
            .withCursors(list: "practiceSessions", codec: cursors)
    }

    /// Sessions by id for the batched loads of lists (the viewer's only).
    public func sessions(ids: [String], viewer: Viewer) throws -> [String: PracticeSession] {
        try sessions(ids: ids, of: ReadAccess(viewer: viewer))
    }

    /// Sessions by id that the access reaches.
    public func sessions(ids: [String], of access: ReadAccess) throws -> [String: PracticeSession] {
        try sessions.find(ids: ids, userID: access.userID)
    }

    /// Recomputes a session's totals from its logs after a log write, in the same transaction.
    /// Exercise counts always follow the logs. While the session is open its note counts and
    /// accuracy are the logs' sums too; once finished, its counts may be the ones its owner
    /// reported at completion, so they move by what the write changed (`noteChange`) instead of
    /// being replaced, and accuracy is recomputed from them (else the logs' weighted mean).
    func refreshTotals(sessionID: String, userID: String, activityAt now: Timestamp, noteChange: (played: Int, correct: Int)) throws {
        guard var session = try sessions.find(id: sessionID, userID: userID) else { return }
        if session.status.isOpen {
            try applyTotals(to: &session, includingNotes: true)
            session.lastActivityAt = max(session.lastActivityAt, now)
        } else {
            let totals = try applyTotals(to: &session, includingNotes: false)
            session.notesAttempted = max(0, session.notesAttempted + noteChange.played)
            session.notesCorrect = min(session.notesAttempted, max(0, session.notesCorrect + noteChange.correct))
            session.accuracy = Self.accuracy(correct: session.notesCorrect, of: session.notesAttempted, otherwise: totals.weightedAccuracy)
        }
        session.updatedAt = Timestamp.stamp(now, after: session.updatedAt)
        try sessions.update(session)
        try announce(session, at: now)
    }

    private func transition(
        viewer: Viewer, id: String, allowed: Set<SessionStatus>, verb: String,
        _ change: (inout PracticeSession, Timestamp) throws -> Void
    ) throws -> PracticeSession {
        let userID = try viewer.userID()
        return try database.transaction(lockingUsers: [userID]) { _ in
            let now = clock.now()
            try closeStale(userID: userID, now: now)
            guard var session = try sessions.find(id: id, userID: userID) else {
                throw APIError(.notFound, "There is no practice session with this id.")
            }
            guard allowed.contains(session.status) else {
                throw APIError(
                    .conflict, "Cannot \(verb) a session that is \(session.status.rawValue.replacingOccurrences(of: "_", with: " ")).",
                    extensions: ["status": .string(session.status.name)])
            }
            try change(&session, now)
            session.lastActivityAt = now
            session.updatedAt = Timestamp.stamp(now, after: session.updatedAt)
            try sessions.update(session)
            try announce(session, at: now)
            if session.status == .completed { try tracker.sessionCompleted(userID: userID, now: now) }
            return session
        }
    }

    /// Completes the user's stale sessions for a read. It looks first and takes the write lock
    /// only when there is one: a read that finds none (nearly all) writes nothing.
    private func closeStaleSessions(userID: String) throws {
        let now = clock.now()
        let open = try Instrument.allCases.compactMap { try sessions.open(userID: userID, instrument: $0) }
        guard open.contains(where: { isStale($0, now: now) }) else { return }
        try database.transaction(lockingUsers: [userID]) { _ in try closeStale(userID: userID, now: now) }
    }

    /// Whether an open session has idled past the limit.
    private func isStale(_ session: PracticeSession, now: Timestamp) -> Bool {
        now.milliseconds - session.lastActivityAt.milliseconds > settings.openSessionLimitSeconds * 1000
    }

    /// Completes the user's sessions left open past the limit, at their last activity.
    private func closeStale(userID: String, now: Timestamp) throws {
        for instrument in Instrument.allCases {
            guard var session = try sessions.open(userID: userID, instrument: instrument), isStale(session, now: now)
            else { continue }
            try finish(&session, at: session.lastActivityAt)
            session.updatedAt = Timestamp.stamp(now, after: session.updatedAt)
            try sessions.update(session)
            try announce(session, at: now)
            try tracker.sessionCompleted(userID: userID, now: now)
        }
    }

    /// Tells live subscribers the session changed (in the same transaction as the change).
    private func announce(_ session: PracticeSession, at now: Timestamp) throws {
        try events.append(userID: session.userID, topic: .practiceSession, subjectID: session.id, at: now)
    }

    private func finish(_ session: inout PracticeSession, at end: Timestamp) throws {
        if let pausedAt = session.pausedAt { session.pausedSeconds += Self.seconds(from: pausedAt, to: end) }
        session.pausedAt = nil
        session.status = .completed
        session.endedAt = end
        session.durationSeconds = max(0, Self.seconds(from: session.startedAt, to: end) - session.pausedSeconds)
        try applyTotals(to: &session, includingNotes: true)
    }

    /// Sets the session's counts from its logs' sums (note counts only `includingNotes`) and
    /// returns the sums.
    @discardableResult
    private func applyTotals(
        to session: inout PracticeSession, includingNotes: Bool
    ) throws -> (logs: Int, timed: Int, played: Int, correct: Int, weightedAccuracy: Double?) {
        let totals = try logs.sessionTotals(sessionID: session.id, userID: session.userID)
        session.totalExercises = totals.logs
        session.completedExercises = totals.timed
        guard includingNotes else { return totals }
        session.notesAttempted = totals.played
        session.notesCorrect = totals.correct
        session.accuracy = Self.accuracy(correct: totals.correct, of: totals.played, otherwise: totals.weightedAccuracy)
        return totals
    }

    /// A session's accuracy: correct ÷ attempted notes when any were counted, else the logs'
    /// duration-weighted mean accuracy, to two decimals.
    private static func accuracy(correct: Int, of attempted: Int, otherwise weighted: Double?) -> Double? {
        attempted > 0 ? percent(correct, of: attempted) : weighted.map { ($0 * 100).rounded() / 100 }
    }

    /// Whole seconds between two instants, never negative.
    static func seconds(from start: Timestamp, to end: Timestamp) -> Int {
        Int(max(0, end.milliseconds - start.milliseconds) / 1000)
    }

    /// part ÷ whole as a percentage rounded to two decimals.
    static func percent(_ part: Int, of whole: Int) -> Double {
        (Double(part) / Double(whole) * 10_000).rounded() / 100
    }
}
