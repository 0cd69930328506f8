import Domain

extension ResolverTable {
    /// Practice sessions, logs, templates and per-piece progress.
    mutating func registerPractice() {
        registerSessionRoots()
        registerLogRoots()
        registerTemplateRoots()
        registerPracticeTypes()
    }

    private mutating func registerSessionRoots() {
        root("Query", "myPracticeSessions") { arguments, context in
            let page = try context.services.sessions.sessions(
                viewer: context.viewer, instrument: arguments.enumeration("instrument"),
                from: arguments.timestamp("from"), to: arguments.timestamp("to"), page: arguments.pageRequest())
            Self.prime(sessions: page.items, context)
            return Connection(page: page)
        }
        root("Query", "practiceSession") { arguments, context in
            let session = try context.services.sessions.session(viewer: context.viewer, id: arguments.requiredString("id"))
            Self.prime(sessions: session.map { [$0] } ?? [], context)
            return session
        }
        root("Mutation", "startPracticeSession") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.sessions.start(viewer: context.viewer, .init(
                clientID: input.string("id"), requestHash: arguments.hash("input"),
                instrument: input.requiredEnumeration("instrument"), sheetMusicID: input.string("sheetMusicId"),
                sessionType: input.enumeration("sessionType") ?? .freePractice))
        }
        root("Mutation", "pausePracticeSession") { arguments, context in
            try context.services.sessions.pause(viewer: context.viewer, id: arguments.requiredString("sessionId"))
        }
        root("Mutation", "resumePracticeSession") { arguments, context in
            try context.services.sessions.resume(viewer: context.viewer, id: arguments.requiredString("sessionId"))
        }
        root("Mutation", "abandonPracticeSession") { arguments, context in
            try context.services.sessions.abandon(viewer: context.viewer, id: arguments.requiredString("sessionId"))
        }
        root("Mutation", "completePracticeSession") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.sessions.complete(
                viewer: context.viewer, id: input.requiredString("sessionId"), notesAttempted: input.int("notesAttempted"),
                notesCorrect: input.int("notesCorrect"), notes: input.string("notes"))
        }
    }

    private mutating func registerLogRoots() {
        root("Query", "myPracticeLogs") { arguments, context in
            let page = try context.services.logs.logs(viewer: context.viewer, filter: Self.logFilter(arguments), page: arguments.pageRequest())
            Self.prime(logs: page.items, context)
            return Connection(page: page)
        }
        root("Mutation", "createPracticeLog") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.logs.create(viewer: context.viewer, LogCreation(
                clientID: input.string("id"), requestHash: arguments.hash("input"), sessionID: input.string("sessionId"),
                templateID: input.string("templateId"), draft: Self.logDraft(input)))
        }
        root("Mutation", "updatePracticeLog") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.logs.update(
                viewer: context.viewer, id: arguments.requiredString("id"), draft: Self.logDraft(input),
                expectedUpdatedAt: input.timestamp("expectedUpdatedAt"))
        }
        root("Mutation", "deletePracticeLog") { arguments, context in
            let id = try arguments.requiredString("id")
            try context.services.logs.delete(viewer: context.viewer, id: id)
            return Deletion(id: id)
        }
    }

    private mutating func registerTemplateRoots() {
        root("Query", "myPracticeTemplates") { _, context in try context.services.templates.templates(viewer: context.viewer) }
        root("Mutation", "createPracticeTemplate") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.templates.create(
                viewer: context.viewer, clientID: input.string("id"), requestHash: arguments.hash("input"), draft: Self.templateDraft(input))
        }
        root("Mutation", "updatePracticeTemplate") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.templates.update(
                viewer: context.viewer, id: arguments.requiredString("id"), draft: Self.templateDraft(input),
                expectedUpdatedAt: input.timestamp("expectedUpdatedAt"))
        }
        root("Mutation", "deletePracticeTemplate") { arguments, context in
            let id = try arguments.requiredString("id")
            try context.services.templates.delete(viewer: context.viewer, id: id)
            return Deletion(id: id)
        }
        root("Query", "myPieces") { arguments, context in
            let filter = arguments.object("filter")
            let pieces = try context.services.pieces.pieces(
                viewer: context.viewer, starred: filter?.bool("starred"), bookmarked: filter?.bool("bookmarked"),
                completed: filter?.bool("completed"))
            context.loaders.pieces.prime(pieces.map(\.sheetMusicID))
            return pieces
        }
        root("Mutation", "updatePieceProgress") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            var changes = PieceProgressChanges()
            changes.isCompleted = input.bool("isCompleted")
            changes.isStarred = input.bool("isStarred")
            changes.isBookmarked = input.bool("isBookmarked")
            changes.difficultyRating = input.intChange("difficultyRating")
            changes.notes = input.stringChange("notes")
            return try context.services.pieces.update(
                viewer: context.viewer, sheetMusicID: arguments.requiredString("sheetMusicId"), changes: changes)
        }
    }

    /// The logbook filter of a `filter` argument.
    static func logFilter(_ arguments: Arguments) -> LogFilter {
        let filter = arguments.object("filter")
        return LogFilter(
            activityType: filter?.enumeration("activityType"), instrument: filter?.enumeration("instrument"),
            sheetMusicID: filter?.string("sheetMusicId"), from: filter?.timestamp("from"), to: filter?.timestamp("to"))
    }

    /// Tells the loaders about a list of sessions about to resolve.
    static func prime(sessions: [PracticeSession], _ context: RequestContext) {
        context.loaders.sessions.seed(Dictionary(sessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        context.loaders.sessionLogs.prime(sessions.map(\.id))
        context.loaders.pieces.prime(sessions.compactMap(\.sheetMusicID))
    }

    /// Tells the loaders about a list of logs about to resolve.
    static func prime(logs: [PracticeLog], _ context: RequestContext) {
        context.loaders.pieces.prime(logs.compactMap(\.sheetMusicID))
        context.loaders.sessions.prime(logs.compactMap(\.sessionID))
    }

    private static func logDraft(_ input: Arguments) throws -> LogDraft {
        var draft = LogDraft()
        draft.sheetMusicID = input.stringChange("sheetMusicId")
        draft.planItemID = input.stringChange("planItemId")
        draft.activityType = input.enumeration("activityType")
        draft.instrument = input.enumeration("instrument")
        draft.startedAt = input.timestamp("startedAt")
        draft.endedAt = input.timestampChange("endedAt")
        draft.durationSeconds = input.intChange("durationSeconds")
        draft.composer = input.stringChange("composer")
        draft.workTitle = input.stringChange("workTitle")
        draft.opusNumber = input.stringChange("opusNumber")
        draft.movementSection = input.stringChange("movementSection")
        draft.tempoPracticed = input.intChange("tempoPracticed")
        draft.targetTempo = input.intChange("targetTempo")
        draft.focusAreas = try input.focusAreasIfGiven("focusAreas", field: "input.focusAreas")
        draft.selfRating = input.intChange("selfRating")
        draft.accuracy = input.doubleChange("accuracy")
        draft.notesPlayed = input.intChange("notesPlayed")
        draft.notesCorrect = input.intChange("notesCorrect")
        draft.practiceNotes = input.stringChange("notes")
        draft.audioRecordingURL = input.stringChange("audioRecordingUrl")
        return draft
    }

    private static func templateDraft(_ input: Arguments) throws -> TemplateDraft {
        var draft = TemplateDraft()
        draft.name = input.string("name")
        draft.activityType = input.enumeration("activityType")
        draft.composer = input.stringChange("composer")
        draft.workTitle = input.stringChange("workTitle")
        draft.opusNumber = input.stringChange("opusNumber")
        draft.movementSection = input.stringChange("movementSection")
        draft.tempo = input.intChange("tempo")
        draft.focusAreas = try input.focusAreasIfGiven("focusAreas", field: "input.focusAreas")
        return draft
    }
}

/// The outcome of a delete (`DeletePayload`).
struct Deletion: Sendable {
    /// The deleted object's id.
    let id: String
}
