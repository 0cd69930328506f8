import Domain
import Storage

/// Practice logs: the logbook and the activities of sessions. Every write updates the session's
/// totals, the piece's progress and the user's derived progress in the same transaction.
public struct LogService: Sendable {
    private let database: Database
    private let logs: LogStore
    private let sessionStore: SessionStore
    private let templates: TemplateStore
    private let pieces: SheetMusicStore
    private let plans: PlanStore
    private let progress: PieceProgressStore
    private let users: UserStore
    private let sessions: SessionService
    private let tracker: ProgressTracker
    private let clock: any Clock
    private let random: any RandomSource
    private let cursors: CursorCodec

    /// Creates the service; `cursors` signs the cursors of the logbook.
    public init(
        database: Database, cipher: FieldCipher, clock: any Clock, random: any RandomSource, sessions: SessionService,
        cursors: CursorCodec
    ) {
        self.database = database
        self.cursors = cursors
        logs = LogStore(database: database, cipher: cipher)
        sessionStore = SessionStore(database: database, cipher: cipher)
        templates = TemplateStore(database: database)
        pieces = SheetMusicStore(database: database)
        plans = PlanStore(database: database)
        progress = PieceProgressStore(database: database, cipher: cipher, random: random)
        users = UserStore(database: database)
        self.sessions = sessions
        tracker = ProgressTracker(database: database)
        self.clock = clock
        self.random = random
    }

    /// Records a log; a replay with the same client id and content returns the stored log.
    public func create(viewer: Viewer, _ request: LogCreation) throws -> PracticeLog {
        let userID = try viewer.userID()
        try PracticeRules.checkClientID(request.clientID)
        return try database.transaction(lockingUsers: [userID]) { _ in
            if let stored = try PracticeRules.replay(
                clientID: request.clientID, requestHash: request.requestHash, find: { try logs.find(id: $0, userID: userID) },
                hash: \.createHash, exists: logs.exists(id:)
            ) { return stored }
            let now = clock.now()
            var draft = request.draft
            if let templateID = request.templateID {
                guard let template = try templates.find(id: templateID, userID: userID) else {
                    throw APIError(.notFound, "There is no practice template with this id.", extensions: ["field": .string("templateId")])
                }
                Self.prefill(&draft, from: template)
            }
            var instrument = draft.instrument
            var sessionID: String?
            if let id = request.sessionID {
                guard let session = try sessions.session(viewer: viewer, id: id) else {
                    throw APIError(.notFound, "There is no practice session with this id.", extensions: ["field": .string("sessionId")])
                }
                try Self.requireOpenForNewLogs(session)
                if let instrument, instrument != session.instrument {
                    throw APIError.invalid("instrument", "The log's instrument must be the session's (\(session.instrument.name)).")
                }
                instrument = session.instrument
                sessionID = id
            }
            guard let activity = draft.activityType else {
                throw APIError.invalid("activityType", "activityType is required (directly or from the template).")
            }
            // One read of the user serves both the default instrument and the local day.
            let defaults = try users.practiceDefaults(id: userID)
            let resolvedInstrument = instrument ?? defaults?.instrument ?? .piano
            let duration = draft.durationSeconds.applied(to: nil) ?? 0
            let start = draft.startedAt ?? now.adding(seconds: -Int64(duration))
            var log = PracticeLog(
                id: request.clientID ?? Nanoid.make(using: random), userID: userID, activityType: activity,
                instrument: resolvedInstrument, startedAt: start, createdAt: now)
            log.sessionID = sessionID
            log.endedAt = duration > 0 ? start.adding(seconds: Int64(duration)) : nil
            log.createHash = request.requestHash
            try apply(draft, to: &log, now: now, calendar: LocalCalendar(timeZone: defaults?.timeZone ?? "UTC"))
            try logs.insert(log)
            try refreshDerived(of: log, previous: nil, now: now)
            return log
        }
    }

    /// Changes a log; a stale `expectedUpdatedAt` is `CONFLICT` with the current log in `extensions.current`.
    public func update(viewer: Viewer, id: String, draft: LogDraft, expectedUpdatedAt: Timestamp?) throws -> PracticeLog {
        let userID = try viewer.userID()
        return try database.transaction(lockingUsers: [userID]) { _ in
            guard var log = try logs.find(id: id, userID: userID) else {
                throw APIError(.notFound, "There is no practice log with this id.")
            }
            if let expected = expectedUpdatedAt, expected != log.updatedAt {
                throw APIError(.conflict, "The log changed since you last saw it.", extensions: ["current": log.apiJSON])
            }
            let previous = log
            let now = clock.now()
            if let start = draft.startedAt { log.startedAt = start }
            if draft.startedAt != nil || draft.durationSeconds != .keep, draft.endedAt == .keep {
                // Keep the end consistent when start or duration move and the client did not say.
                let duration = Int64(draft.durationSeconds.applied(to: log.durationSeconds) ?? 0)
                log.endedAt = duration > 0 ? log.startedAt.adding(seconds: duration) : nil
            }
            if let instrument = draft.instrument, instrument != log.instrument {
                if log.sessionID != nil { throw APIError.invalid("instrument", "A session's log keeps the session's instrument.") }
                log.instrument = instrument
            }
            try apply(draft, to: &log, now: now)
            log.updatedAt = Timestamp.stamp(now, after: log.updatedAt)
            try logs.update(log)
            try refreshDerived(of: log, previous: previous, now: now)
            return log
        }
    }

    /// Deletes a log of the user.
    public func delete(viewer: Viewer, id: String) throws {
        let userID = try viewer.userID()
        try database.transaction(lockingUsers: [userID]) { _ in
            guard let log = try logs.find(id: id, userID: userID) else {
                throw APIError(.notFound, "There is no practice log with this id.")
            }
            _ = try logs.delete(id: id, userID: userID)
            try refreshDerived(of: nil, previous: log, now: clock.now())
        }
    }

    /// A page of the user's logbook, newest first.
    public func logs(viewer: Viewer, filter: LogFilter, page: PageRequest) throws -> Page<PracticeLog> {
        try logs(of: ReadAccess(viewer: viewer), filter: filter, page: page)
    }

    /// A page of a logbook the access reaches, newest first; a teacher not shared the notes
    /// gets every log with its notes withheld.
    public func logs(of access: ReadAccess, filter: LogFilter, page: PageRequest) throws -> Page<PracticeLog> {
        let (limit, start) = try page.resolved(list: "practiceLogs", keyCount: LogStore.order.keyCount, cursors: cursors)
        var found = try logs.list(userID: access.userID, filter: filter, limit: limit, start: start)
        found.items = found.items.map { Self.visible($0, to: access) }
        return found.withCursors(list: "practiceLogs", codec: cursors)
    }

    /// The logs of sessions, oldest first (the batched load of `PracticeSession.logs`).
    public func logs(sessionIDs: [String], viewer: Viewer) throws -> [String: [PracticeLog]] {
        try logs(sessionIDs: sessionIDs, of: ReadAccess(viewer: viewer))
    }

    /// The logs of sessions the access reaches, oldest first.
    public func logs(sessionIDs: [String], of access: ReadAccess) throws -> [String: [PracticeLog]] {
        try logs.logs(sessionIDs: sessionIDs, userID: access.userID).mapValues { $0.map { Self.visible($0, to: access) } }
    }

    /// A log as the access may read it: without its notes for a teacher they are not shared with.
    static func visible(_ log: PracticeLog, to access: ReadAccess) -> PracticeLog {
        guard !access.scopes.contains(.logNotes) else { return log }
        var withheld = log
        withheld.practiceNotes = nil
        withheld.notesWithheld = true
        return withheld
    }

    /// A finished (completed or abandoned) session takes no new logs: what was practised after it
    /// is a log of its own. Its existing logs stay editable and deletable; the session's totals
    /// follow them in the same transaction (`SessionService.refreshTotals`).
    private static func requireOpenForNewLogs(_ session: PracticeSession) throws {
        guard session.status.isOpen else {
            throw APIError(
                .conflict, "The session is \(session.status.rawValue); log this outside the session, or edit the session's logs.",
                extensions: ["sessionId": .string(session.id), "status": .string(session.status.name)])
        }
    }

    // `calendar` is the user's, when the caller has already read the user.
    private func apply(_ draft: LogDraft, to log: inout PracticeLog, now: Timestamp, calendar: LocalCalendar? = nil) throws {
        if case .set(let pieceID) = draft.sheetMusicID {
            guard let piece = try pieces.find(id: pieceID, visibleTo: log.userID) else {
                throw APIError.invalid("sheetMusicId", "There is no piece with this id.")
            }
            // A catalogue piece fills the piece details the client left out.
            if draft.composer == .keep, log.composer == nil { log.composer = piece.composer }
            if draft.workTitle == .keep, log.workTitle == nil { log.workTitle = piece.title }
            if draft.opusNumber == .keep, log.opusNumber == nil { log.opusNumber = piece.catalogNumber ?? piece.opus }
        }
        log.sheetMusicID = draft.sheetMusicID.applied(to: log.sheetMusicID)
        if case .set(let itemID) = draft.planItemID, try plans.find(id: itemID, userID: log.userID) == nil {
            throw APIError.invalid("planItemId", "There is no plan item of yours with this id.")
        }
        log.planItemID = draft.planItemID.applied(to: log.planItemID)
        if let activity = draft.activityType { log.activityType = activity }
        log.endedAt = draft.endedAt.applied(to: log.endedAt)
        guard draft.durationSeconds != .clear else { throw APIError.invalid("durationSeconds", "durationSeconds cannot be removed.") }
        log.durationSeconds = draft.durationSeconds.applied(to: log.durationSeconds)
        log.composer = draft.composer.applied(to: log.composer)
        log.workTitle = draft.workTitle.applied(to: log.workTitle)
        log.opusNumber = draft.opusNumber.applied(to: log.opusNumber)
        log.movementSection = draft.movementSection.applied(to: log.movementSection)
        log.tempoPracticed = draft.tempoPracticed.applied(to: log.tempoPracticed)
        log.targetTempo = draft.targetTempo.applied(to: log.targetTempo)
        if let areas = draft.focusAreas { log.focusAreas = areas }
        log.selfRating = draft.selfRating.applied(to: log.selfRating)
        log.accuracy = draft.accuracy.applied(to: log.accuracy)
        log.notesPlayed = draft.notesPlayed.applied(to: log.notesPlayed)
        log.notesCorrect = draft.notesCorrect.applied(to: log.notesCorrect)
        log.practiceNotes = draft.practiceNotes.applied(to: log.practiceNotes)
        log.audioRecordingURL = draft.audioRecordingURL.applied(to: log.audioRecordingURL)
        // Counted notes give the accuracy when the client did not state one.
        if draft.accuracy == .keep, log.accuracy == nil || draft.notesPlayed != .keep || draft.notesCorrect != .keep,
           let played = log.notesPlayed, played > 0, let correct = log.notesCorrect, (0...played).contains(correct) {
            log.accuracy = SessionService.percent(correct, of: played)
        }
        try PracticeRules.validate(log, now: now)
        log.localDay = try (calendar ?? LocalCalendar(userID: log.userID, users: users)).day(of: log.startedAt).description
    }

    private func refreshDerived(of log: PracticeLog?, previous: PracticeLog?, now: Timestamp) throws {
        let userID = log?.userID ?? previous?.userID ?? ""
        for sessionID in Set([log?.sessionID, previous?.sessionID].compactMap { $0 }) {
            // What this write changes of the session's counted notes, for a finished session
            // whose counts its owner may have reported at completion.
            func counts(_ entry: PracticeLog?) -> (played: Int, correct: Int) {
                guard let entry, entry.sessionID == sessionID else { return (0, 0) }
                return (entry.notesPlayed ?? 0, entry.notesCorrect ?? 0)
            }
            let after = counts(log), before = counts(previous)
            try sessions.refreshTotals(
                sessionID: sessionID, userID: userID, activityAt: now,
                noteChange: (after.played - before.played, after.correct - before.correct))
        }
        for pieceID in Set([log?.sheetMusicID, previous?.sheetMusicID].compactMap { $0 }) {
            try progress.refresh(sheetMusicID: pieceID, userID: userID)
        }
        try tracker.logChanged(from: previous, to: log, now: now)
    }

    private static func prefill(_ draft: inout LogDraft, from template: PracticeTemplate) {
        if draft.activityType == nil { draft.activityType = template.activityType }
        func fill(_ change: inout FieldChange<String>, _ value: String?) {
            if change == .keep, let value { change = .set(value) }
        }
        fill(&draft.composer, template.composer)
        fill(&draft.workTitle, template.workTitle)
        fill(&draft.opusNumber, template.opusNumber)
        fill(&draft.movementSection, template.movementSection)
        if draft.tempoPracticed == .keep, let tempo = template.tempo { draft.tempoPracticed = .set(tempo) }
        if draft.focusAreas == nil, !template.focusAreas.isEmpty { draft.focusAreas = template.focusAreas }
    }
}
