import Domain

extension ResolverTable {
    /// Fields of `PracticeSession`, `PracticeLog`, `PracticeTemplate`, `PieceProgress` and `DeletePayload`.
    mutating func registerPracticeTypes() {
        typealias S = PracticeSession
        field("PracticeSession", "id", of: S.self) { $0.id }
        field("PracticeSession", "user", of: S.self) { session, _, context in
            try context.loaders.users.value(for: session.userID).map { UserView($0, isSelf: $0.id == context.viewer.signedInUserID) }
        }
        field("PracticeSession", "instrument", of: S.self) { $0.instrument.name }
        field("PracticeSession", "comments", of: S.self) { session, _, context in try context.loaders.sessionComments.value(for: session.id) ?? [] }
        field("PracticeSession", "sheetMusic", of: S.self) { session, _, context in
            try session.sheetMusicID.flatMap { try context.loaders.pieces.value(for: $0) }
        }
        field("PracticeSession", "sessionType", of: S.self) { $0.sessionType.name }
        field("PracticeSession", "status", of: S.self) { $0.status.name }
        field("PracticeSession", "startedAt", of: S.self) { $0.startedAt }
        field("PracticeSession", "pausedAt", of: S.self) { $0.pausedAt }
        field("PracticeSession", "completedAt", of: S.self) { $0.endedAt }
        field("PracticeSession", "pausedDuration", of: S.self) { $0.pausedSeconds }
        field("PracticeSession", "durationSeconds", of: S.self) { $0.durationSeconds }
        field("PracticeSession", "accuracy", of: S.self) { $0.accuracy }
        field("PracticeSession", "notesAttempted", of: S.self) { $0.notesAttempted }
        field("PracticeSession", "notesCorrect", of: S.self) { $0.notesCorrect }
        field("PracticeSession", "totalExercises", of: S.self) { $0.totalExercises }
        field("PracticeSession", "completedExercises", of: S.self) { $0.completedExercises }
        field("PracticeSession", "notes", of: S.self) { $0.notes }
        field("PracticeSession", "updatedAt", of: S.self) { $0.updatedAt }
        field("PracticeSession", "logs", of: S.self) { session, _, context in
            try context.loaders.sessionLogs.value(for: session.id) ?? []
        }
        registerConnection("PracticeSession", of: S.self)

        typealias L = PracticeLog
        field("PracticeLog", "id", of: L.self) { $0.id }
        field("PracticeLog", "session", of: L.self) { log, _, context in
            try log.sessionID.flatMap { try context.loaders.sessions.value(for: $0) }
        }
        field("PracticeLog", "sheetMusic", of: L.self) { log, _, context in
            try log.sheetMusicID.flatMap { try context.loaders.pieces.value(for: $0) }
        }
        field("PracticeLog", "planItem", of: L.self) { log, _, context in
            try log.planItemID.flatMap { try context.loaders.planItems.value(for: $0) }
        }
        field("PracticeLog", "activityType", of: L.self) { $0.activityType.name }
        field("PracticeLog", "instrument", of: L.self) { $0.instrument.name }
        field("PracticeLog", "startedAt", of: L.self) { $0.startedAt }
        field("PracticeLog", "endedAt", of: L.self) { $0.endedAt }
        field("PracticeLog", "durationSeconds", of: L.self) { $0.durationSeconds }
        field("PracticeLog", "composer", of: L.self) { $0.composer }
        field("PracticeLog", "workTitle", of: L.self) { $0.workTitle }
        field("PracticeLog", "opusNumber", of: L.self) { $0.opusNumber }
        field("PracticeLog", "movementSection", of: L.self) { $0.movementSection }
        field("PracticeLog", "tempoPracticed", of: L.self) { $0.tempoPracticed }
        field("PracticeLog", "targetTempo", of: L.self) { $0.targetTempo }
        field("PracticeLog", "focusAreas", of: L.self) { $0.focusAreas.map(\.name) }
        field("PracticeLog", "selfRating", of: L.self) { $0.selfRating }
        field("PracticeLog", "accuracy", of: L.self) { $0.accuracy }
        field("PracticeLog", "notesPlayed", of: L.self) { $0.notesPlayed }
        field("PracticeLog", "notesCorrect", of: L.self) { $0.notesCorrect }
        field("PracticeLog", "practiceNotes", of: L.self) { log in
            if log.notesWithheld {
                throw APIError(.forbidden, "This student does not share the notes of practice logs with you.", extensions: ["scope": .string("LOG_NOTES")])
            }
            return log.practiceNotes
        }
        field("PracticeLog", "comments", of: L.self) { log, _, context in try context.loaders.logComments.value(for: log.id) ?? [] }
        field("PracticeLog", "audioRecordingUrl", of: L.self) { $0.audioRecordingURL }
        field("PracticeLog", "createdAt", of: L.self) { $0.createdAt }
        field("PracticeLog", "updatedAt", of: L.self) { $0.updatedAt }
        registerConnection("PracticeLog", of: L.self)

        typealias T = PracticeTemplate
        field("PracticeTemplate", "id", of: T.self) { $0.id }
        field("PracticeTemplate", "name", of: T.self) { $0.name }
        field("PracticeTemplate", "activityType", of: T.self) { $0.activityType.name }
        field("PracticeTemplate", "composer", of: T.self) { $0.composer }
        field("PracticeTemplate", "workTitle", of: T.self) { $0.workTitle }
        field("PracticeTemplate", "opusNumber", of: T.self) { $0.opusNumber }
        field("PracticeTemplate", "movementSection", of: T.self) { $0.movementSection }
        field("PracticeTemplate", "tempo", of: T.self) { $0.tempo }
        field("PracticeTemplate", "focusAreas", of: T.self) { $0.focusAreas.map(\.name) }
        field("PracticeTemplate", "createdAt", of: T.self) { $0.createdAt }
        field("PracticeTemplate", "updatedAt", of: T.self) { $0.updatedAt }

        typealias P = PieceProgress
        field("PieceProgress", "sheetMusic", of: P.self) { progress, _, context in
            try context.loaders.pieces.value(for: progress.sheetMusicID)
        }
        field("PieceProgress", "firstAttemptedAt", of: P.self) { $0.firstAttemptedAt }
        field("PieceProgress", "lastAttemptedAt", of: P.self) { $0.lastAttemptedAt }
        field("PieceProgress", "timesPracticed", of: P.self) { $0.timesPracticed }
        field("PieceProgress", "bestAccuracy", of: P.self) { $0.bestAccuracy }
        field("PieceProgress", "averageAccuracy", of: P.self) { $0.averageAccuracy.map { ($0 * 100).rounded() / 100 } }
        field("PieceProgress", "bestTempo", of: P.self) { $0.bestTempo }
        field("PieceProgress", "isCompleted", of: P.self) { $0.isCompleted }
        field("PieceProgress", "isStarred", of: P.self) { $0.isStarred }
        field("PieceProgress", "isBookmarked", of: P.self) { $0.isBookmarked }
        field("PieceProgress", "difficultyRating", of: P.self) { $0.difficultyRating }
        field("PieceProgress", "notes", of: P.self) { $0.notes }

        field("DeletePayload", "success", of: Deletion.self) { _ in true }
        field("DeletePayload", "id", of: Deletion.self) { $0.id }
    }
}
