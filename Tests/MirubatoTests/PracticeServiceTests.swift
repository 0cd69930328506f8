import Domain
import Services
import Storage
import Testing

@Suite("Practice services")
struct PracticeServiceTests {
    private let fur = "EzcWMdkoy6K28pdjjJ4YI"

    private func signedIn(_ test: TestServices, _ email: String = "p@example.com") throws -> Viewer {
        try test.services.auth.authenticate(accessToken: test.signIn(email).accessToken)
    }

    private func creation(_ draft: LogDraft, session: String? = nil, id: String? = nil) -> LogCreation {
        LogCreation(clientID: id, requestHash: "h", sessionID: session, templateID: nil, draft: draft)
    }

    private func pianoSession(_ test: TestServices, _ viewer: Viewer) throws -> PracticeSession {
        try test.services.sessions.start(
            viewer: viewer, .init(clientID: nil, requestHash: "s", instrument: .piano, sheetMusicID: nil, sessionType: .freePractice))
    }

    private func scales(seconds: Int, played: Int, correct: Int) -> LogDraft {
        var draft = LogDraft()
        draft.activityType = .scales
        draft.durationSeconds = .set(seconds)
        draft.notesPlayed = .set(played)
        draft.notesCorrect = .set(correct)
        return draft
    }

    @Test("moving a log to another piece updates both pieces' progress; deleting clears it")
    func pieceProgressFollowsLogs() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let other = try #require(test.services.sheetMusic.list(SheetMusicCriteria(search: "arabesque"), page: PageRequest(), viewer: .anonymous).items.first).id
        var draft = LogDraft()
        draft.activityType = .repertoire
        draft.durationSeconds = .set(600)
        draft.sheetMusicID = .set(fur)
        draft.tempoPracticed = .set(90)
        let log = try test.services.logs.create(viewer: viewer, creation(draft))
        #expect(try test.services.pieces.progress(sheetMusicIDs: [fur], viewer: viewer)[fur]?.bestTempo == 90)
        var move = LogDraft()
        move.sheetMusicID = .set(other)
        _ = try test.services.logs.update(viewer: viewer, id: log.id, draft: move, expectedUpdatedAt: log.updatedAt)
        let after = try test.services.pieces.progress(sheetMusicIDs: [fur, other], viewer: viewer)
        #expect(after[fur] == nil)
        #expect(after[other]?.timesPracticed == 1)
        try test.services.logs.delete(viewer: viewer, id: log.id)
        #expect(try test.services.pieces.progress(sheetMusicIDs: [other], viewer: viewer).isEmpty)
    }

    @Test("flags outlive the logs that made a piece's statistics")
    func flagsSurvive() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        var changes = PieceProgressChanges()
        changes.isBookmarked = true
        _ = try test.services.pieces.update(viewer: viewer, sheetMusicID: fur, changes: changes)
        var draft = LogDraft()
        draft.activityType = .repertoire
        draft.durationSeconds = .set(60)
        draft.sheetMusicID = .set(fur)
        let log = try test.services.logs.create(viewer: viewer, creation(draft))
        try test.services.logs.delete(viewer: viewer, id: log.id)
        let progress = try test.services.pieces.progress(sheetMusicIDs: [fur], viewer: viewer)[fur]
        #expect(progress?.isBookmarked == true)
        #expect(progress?.timesPracticed == 0)
    }

    @Test("session totals follow their logs in the same transaction")
    func sessionTotals() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let session = try pianoSession(test, viewer)
        let draft = scales(seconds: 0, played: 10, correct: 5)
        let log = try test.services.logs.create(viewer: viewer, creation(draft, session: session.id))
        var open = try #require(try test.services.sessions.session(viewer: viewer, id: session.id))
        #expect(open.totalExercises == 1 && open.completedExercises == 0 && open.notesAttempted == 10 && open.accuracy == 50)
        try test.services.logs.delete(viewer: viewer, id: log.id)
        open = try #require(try test.services.sessions.session(viewer: viewer, id: session.id))
        #expect(open.totalExercises == 0 && open.notesAttempted == 0 && open.accuracy == nil)
    }

    @Test("a finished session takes no new logs, but its logs can be corrected and deleted, its totals following them", arguments: [true, false])
    func finishedSessionLogs(reportedCounts: Bool) throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let session = try pianoSession(test, viewer)
        let draft = scales(seconds: 60, played: 200, correct: 100)
        let log = try test.services.logs.create(viewer: viewer, creation(draft, session: session.id))
        var other = scales(seconds: 30, played: 0, correct: 0)
        other.notesPlayed = .keep
        other.notesCorrect = .keep
        let second = try test.services.logs.create(viewer: viewer, creation(other, session: session.id))
        // Reported counts include 100 notes the logs never counted (a sight-reading run, say).
        _ = try test.services.sessions.complete(
            viewer: viewer, id: session.id, notesAttempted: reportedCounts ? 300 : nil, notesCorrect: reportedCounts ? 150 : nil, notes: nil)
        let error = #expect(throws: APIError.self) { try test.services.logs.create(viewer: viewer, self.creation(draft, session: session.id)) }
        #expect(error?.code == .conflict)
        var fix = LogDraft()
        fix.notesCorrect = .set(200)
        let fixed = try test.services.logs.update(viewer: viewer, id: log.id, draft: fix, expectedUpdatedAt: log.updatedAt)
        #expect(fixed.notesCorrect == 200)
        var closed = try #require(try test.services.sessions.session(viewer: viewer, id: session.id))
        #expect(closed.status == .completed && closed.totalExercises == 2)
        #expect(closed.notesAttempted == (reportedCounts ? 300 : 200) && closed.notesCorrect == (reportedCounts ? 250 : 200))
        #expect(closed.accuracy == (reportedCounts ? 83.33 : 100))
        try test.services.logs.delete(viewer: viewer, id: log.id)
        closed = try #require(try test.services.sessions.session(viewer: viewer, id: session.id))
        #expect(closed.totalExercises == 1 && closed.completedExercises == 1)
        #expect(closed.notesAttempted == (reportedCounts ? 100 : 0) && closed.notesCorrect == (reportedCounts ? 50 : 0))
        #expect(closed.accuracy == (reportedCounts ? 50 : nil))
        try test.services.logs.delete(viewer: viewer, id: second.id)
        closed = try #require(try test.services.sessions.session(viewer: viewer, id: session.id))
        #expect(closed.totalExercises == 0 && closed.status == .completed)
        #expect(try test.count("practice_logs") == 0)
    }

    @Test("an open session's totals follow every change of its logs")
    func openSessionLogs() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let session = try pianoSession(test, viewer)
        let log = try test.services.logs.create(viewer: viewer, creation(scales(seconds: 60, played: 200, correct: 100), session: session.id))
        var fix = LogDraft()
        fix.notesCorrect = .set(200)
        _ = try test.services.logs.update(viewer: viewer, id: log.id, draft: fix, expectedUpdatedAt: nil)
        var open = try #require(try test.services.sessions.session(viewer: viewer, id: session.id))
        #expect(open.notesCorrect == 200 && open.accuracy == 100)
        try test.services.logs.delete(viewer: viewer, id: log.id)
        open = try #require(try test.services.sessions.session(viewer: viewer, id: session.id))
        #expect(open.totalExercises == 0 && open.notesAttempted == 0 && open.accuracy == nil)
    }

    @Test("a failed write leaves no trace: the transaction rolls back derived data too")
    func atomicWrites() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        var draft = LogDraft()
        draft.activityType = .repertoire
        draft.durationSeconds = .set(60)
        draft.sheetMusicID = .set(fur)
        draft.selfRating = .set(99)
        #expect(throws: APIError.self) { try test.services.logs.create(viewer: viewer, creation(draft)) }
        #expect(try test.count("practice_logs") == 0)
        #expect(try test.count("user_sheet_music_progress") == 0)
    }

    @Test("session and log notes are stored encrypted")
    func encryptedAtRest() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        var draft = LogDraft()
        draft.activityType = .memorization
        draft.durationSeconds = .set(60)
        draft.practiceNotes = .set("memory slip in bar 9")
        _ = try test.services.logs.create(viewer: viewer, creation(draft))
        let stored = try test.database.first("SELECT practice_notes FROM practice_logs") { $0.string(0) } ?? nil
        #expect(stored?.hasPrefix("v1.") == true)
        #expect(stored?.contains("memory") == false)
        #expect(try test.services.logs.logs(viewer: viewer, filter: LogFilter(), page: PageRequest()).items.first?.practiceNotes == "memory slip in bar 9")
    }

    @Test("the database allows one open session per user and instrument, even if code forgot")
    func uniqueOpenSession() throws {
        let test = try TestServices()
        let pair = try test.signIn("u@example.com")
        let insert = "INSERT INTO practice_sessions (id, user_id, instrument, session_date, start_time, status) VALUES (?, ?, 'piano', '2026-01-15', '2026-01-15T09:00:00.000Z', 'in_progress')"
        try test.database.run(insert, ["s1", .text(pair.user.id)])
        #expect { try test.database.run(insert, ["s2", .text(pair.user.id)]) } throws: { error in
            (error as? SQLiteError)?.isConstraint == true || (error as? PostgresError)?.sqlState == "23505"
        }
    }
}
