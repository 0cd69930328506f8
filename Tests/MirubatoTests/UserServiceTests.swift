import Domain
import Services
import Storage
import Testing

@Suite("Accounts and data")
struct UserServiceTests {
    @Test("deleting an account removes every row of the user, tokens and mail included")
    func deleteAccount() throws {
        let test = try TestServices()
        let pair = try test.signIn("gone@example.com")
        _ = try test.signIn("stays@example.com")
        let id = pair.user.id
        try test.database.run(
            "INSERT INTO practice_logs (id, user_id, activity_type, instrument, start_time) VALUES ('l1', ?, 'scales', 'piano', '2026-01-15T09:00:00.000Z')",
            [.text(id)])
        let viewer = try test.services.auth.authenticate(accessToken: pair.accessToken)
        try test.services.users.deleteAccount(viewer: viewer)
        for table in try ExportStore(database: test.database).tablesWithUserColumn() {
            #expect(try test.count(table, where: "user_id = ?", id) == 0, "\(table) keeps rows")
        }
        #expect(try test.count("users", where: "id = ?", id) == 0)
        #expect(try test.count("email_outbox", where: "recipient = ?", "gone@example.com") == 0)
        #expect(try test.count("magic_links", where: "email = ?", "gone@example.com") == 0)
        #expect(try test.count("users", where: "email = ?", "stays@example.com") == 1)
        #expect(try test.count("email_outbox", where: "recipient = ?", "stays@example.com") == 1)
    }

    @Test("every table with user data is exported or deliberately excluded")
    func exportCoverage() throws {
        let test = try TestServices()
        let exported = Set(ExportStore.tables.map(\.name))
        for table in try ExportStore(database: test.database).tablesWithUserColumn() {
            #expect(exported.contains(table) || ExportStore.excluded[table] != nil, "\(table) is neither exported nor excluded")
        }
    }

    @Test("the export decrypts encrypted notes and leaves out token hashes")
    func export() throws {
        let test = try TestServices()
        let pair = try test.signIn("export@example.com")
        let cipher = FieldCipher(key: Array(repeating: 1, count: 32), random: CryptoRandom())
        try test.database.run(
            "INSERT INTO practice_logs (id, user_id, activity_type, instrument, start_time, practice_notes, focus_areas) VALUES ('l1', ?, 'scales', 'piano', '2026-01-15T09:00:00.000Z', ?, '[\"tempo\"]')",
            [.text(pair.user.id), .text(cipher.seal("private note", column: "practice_logs.practice_notes"))])
        let viewer = try test.services.auth.authenticate(accessToken: pair.accessToken)
        let document = try test.services.users.export(viewer: viewer)
        let log = document["practiceLogs"]?.arrayValue?.first
        #expect(document["format"] == .string("mirubato-export") && document["version"] == .integer(2))
        #expect(log?["practiceNotes"] == .string("private note"))
        #expect(log?["focusAreas"] == .array([.string("TEMPO")]))
        #expect(log?["activityType"] == .string("SCALES") && log?["startedAt"] == .string("2026-01-15T09:00:00.000Z"))
        #expect(log?["userId"] == nil && log?["user_id"] == nil)
        #expect(document["account"]?["email"] == .string("export@example.com"))
        #expect(document["signInSessions"]?.arrayValue?.count == 1)
        let text = JSONWriter.string(document)
        #expect(!text.contains(SHA256.hex(pair.refreshToken)))
        #expect(!text.contains(pair.refreshToken))
    }

    /// A signed-in user with a session, logs (one on a piece, with notes), a template, a
    /// bookmarked piece and a goal.
    private func practisingUser(_ test: TestServices, _ email: String) throws -> Viewer {
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn(email).accessToken)
        var changes = ProfileChanges()
        changes.displayName = .set("Clara")
        _ = try test.services.users.update(viewer: viewer, changes: changes)
        let session = try test.services.sessions.start(
            viewer: viewer, .init(clientID: nil, requestHash: "s", instrument: .piano, sheetMusicID: nil, sessionType: .freePractice))
        for (index, piece) in [nil, "EzcWMdkoy6K28pdjjJ4YI"].enumerated() {
            var draft = LogDraft()
            draft.activityType = .repertoire
            draft.durationSeconds = .set(600 + index)
            draft.focusAreas = [.accuracy, .tempo]
            draft.practiceNotes = .set("left hand \(index)")
            draft.tempoPracticed = .set(80)
            if let piece { draft.sheetMusicID = .set(piece) }
            _ = try test.services.logs.create(
                viewer: viewer, LogCreation(clientID: nil, requestHash: "l\(index)", sessionID: session.id, templateID: nil, draft: draft))
        }
        _ = try test.services.sessions.complete(viewer: viewer, id: session.id, notesAttempted: nil, notesCorrect: nil, notes: "good")
        var template = TemplateDraft()
        template.name = "Warm-up"
        template.activityType = .scales
        _ = try test.services.templates.create(viewer: viewer, clientID: nil, requestHash: "t", draft: template)
        var flags = PieceProgressChanges()
        flags.isBookmarked = true
        _ = try test.services.pieces.update(viewer: viewer, sheetMusicID: "EzcWMdkoy6K28pdjjJ4YI", changes: flags)
        return viewer
    }

    /// The export without what belongs to the account rather than to its data.
    private func data(_ document: JSONValue) -> JSONValue {
        guard case .object(var members) = document else { return document }
        for key in ["exportedAt", "account", "signInSessions", "teachers", "teacherInvites", "comments", "planAssignments", "mail"] { members[key] = nil }
        return .object(members)
    }

    @Test("export, import into a new account, export again: the same document")
    func roundTrip() throws {
        let test = try TestServices()
        let original = try practisingUser(test, "moving@example.com")
        let exported = try test.services.users.export(viewer: original)
        try test.services.users.deleteAccount(viewer: original)
        let moved = try test.services.auth.authenticate(accessToken: test.signIn("moved@example.com").accessToken)
        let summary = try test.services.users.importData(viewer: moved, document: exported)
        #expect(summary.imported > 0 && summary.skipped == 0)
        let again = try test.services.users.export(viewer: moved)
        #expect(data(again) == data(exported), "\(TextDiff.describe(expected: JSONLayout.pretty(JSONWriter.string(data(exported))), actual: JSONLayout.pretty(JSONWriter.string(data(again)))))")
        // Importing the same document again changes nothing.
        let repeated = try test.services.users.importData(viewer: moved, document: exported)
        #expect(repeated.imported == 1 && repeated.skipped == summary.imported - 1)
        #expect(data(try test.services.users.export(viewer: moved)) == data(exported))
    }

    @Test("importing beside the original account gives the records new ids, once")
    func importBesideOriginal() throws {
        let test = try TestServices()
        let original = try practisingUser(test, "phone@example.com")
        let exported = try test.services.users.export(viewer: original)
        let copy = try test.services.auth.authenticate(accessToken: test.signIn("tablet@example.com").accessToken)
        let first = try test.services.users.importData(viewer: copy, document: exported)
        let second = try test.services.users.importData(viewer: copy, document: exported)
        #expect(second.imported == 1 && second.skipped == first.imported - 1)
        let copied = try test.services.users.export(viewer: copy)
        #expect(copied["practiceLogs"]?.arrayValue?.count == 2)
        #expect(copied["practiceLogs"]?.arrayValue?.allSatisfy { $0["sessionId"] == copied["practiceSessions"]?.arrayValue?.first?["id"] } == true)
        #expect(data(try test.services.users.export(viewer: original)) == data(exported), "the original account is unchanged")
    }

    @Test("a bad document is BAD_USER_INPUT and imports nothing")
    func badImports() throws {
        let test = try TestServices()
        let original = try practisingUser(test, "source@example.com")
        let exported = try test.services.users.export(viewer: original)
        let target = try test.services.auth.authenticate(accessToken: test.signIn("target@example.com").accessToken)
        guard case .object(var members) = exported, var logs = members["practiceLogs"]?.arrayValue,
              case .object(var log) = logs[1] else { Issue.record("no logs"); return }
        var badTime = members
        var timeLog = log
        timeLog["startedAt"] = .string("yesterday at noon")
        badTime["practiceLogs"] = .array([logs[0], .object(timeLog)])
        log["activityType"] = .string("JUGGLING")
        logs[1] = .object(log)
        members["practiceLogs"] = .array(logs)
        for bad in [JSONValue.object(members), .object(badTime), .object(["format": .string("mirubato-export"), "version": .integer(1)]), .string("x")] {
            let error = #expect(throws: APIError.self) { try test.services.users.importData(viewer: target, document: bad) }
            #expect(error?.code == .badUserInput)
        }
        let after = try test.services.users.export(viewer: target)
        #expect(after["practiceLogs"]?.arrayValue?.isEmpty == true && after["practiceSessions"]?.arrayValue?.isEmpty == true)
        #expect(after["profile"]?["displayName"] == .null)
    }

    @Test("preferences are merged, not replaced, and bad input changes nothing")
    func updates() throws {
        let test = try TestServices()
        let pair = try test.signIn("prefs@example.com")
        let viewer = try test.services.auth.authenticate(accessToken: pair.accessToken)
        var changes = ProfileChanges()
        changes.timeZone = "Europe/Vienna"
        changes.customSettings = ["metronome": .bool(true), "clicks": .integer(4)]
        _ = try test.services.users.update(viewer: viewer, changes: changes)
        changes = ProfileChanges()
        changes.theme = .dark
        changes.customSettings = ["clicks": .null, "volume": .integer(7)]
        let user = try test.services.users.update(viewer: viewer, changes: changes)
        #expect(user.preferences.timeZone == "Europe/Vienna")
        #expect(user.preferences.theme == .dark)
        #expect(user.preferences.customSettings == ["metronome": .bool(true), "volume": .integer(7)])
        changes = ProfileChanges()
        changes.displayName = .set("Clara")
        changes.dailyGoalMinutes = 5000
        #expect(throws: APIError.self) { try test.services.users.update(viewer: viewer, changes: changes) }
        #expect(try test.services.users.me(viewer: viewer)?.displayName == nil)
    }

    @Test("anonymous viewers get no user and cannot write")
    func anonymous() throws {
        let test = try TestServices()
        #expect(try test.services.users.me(viewer: .anonymous) == nil)
        let error = #expect(throws: APIError.self) { try test.services.users.update(viewer: .anonymous, changes: ProfileChanges()) }
        #expect(error?.code == .unauthenticated)
    }

    @Test("mail is marked sent only when the command succeeds")
    func mailDelivery() throws {
        let test = try TestServices()
        try test.services.auth.requestMagicLink(email: "mail@example.com", client: "test")
        let cipher = FieldCipher(key: Array(repeating: 1, count: 32), random: CryptoRandom())
        let mail = MailService(database: test.database, clock: test.clock, sender: "Mirubato <no-reply@example.com>", cipher: cipher)
        let failed = try mail.send(command: "cat >/dev/null; exit 3")
        #expect(failed.sent == 0 && failed.failed == 1)
        #expect(try mail.pending().first?.attempts == 1)
        let folder = TestDatabase.makeFolder()
        let sent = try mail.send(command: "cat > \(folder)/message.eml")
        #expect(sent.sent == 1 && sent.failed == 0)
        #expect(try mail.pending().isEmpty)
        let message = try String(contentsOfFile: folder + "/message.eml", encoding: .utf8)
        #expect(message.contains("To: mail@example.com\r\n"))
        #expect(message.contains("/auth/verify?token="))
        // What is kept of the message once it is sent no longer signs anyone in.
        let stored = try #require(try test.database.first("SELECT body FROM email_outbox") { $0.string(0) } ?? nil)
        let kept = try cipher.open(stored, column: "email_outbox.body")
        #expect(!stored.contains("token=") && !kept.contains("token="))
    }

    @Test("queued sign-in links are encrypted at rest and dropped once expired")
    func outboxAtRest() throws {
        let test = try TestServices()
        try test.services.auth.requestMagicLink(email: "rest@example.com", client: "test")
        let stored = try #require(try test.database.first("SELECT body FROM email_outbox") { $0.string(0) } ?? nil)
        #expect(!stored.contains("token=") && !stored.contains("auth/verify"))
        test.clock.advance(seconds: 601)
        try test.services.auth.requestMagicLink(email: "later@example.com", client: "test")
        let cipher = FieldCipher(key: Array(repeating: 1, count: 32), random: CryptoRandom())
        let mail = MailService(database: test.database, clock: test.clock, sender: "Mirubato <no-reply@example.com>", cipher: cipher)
        #expect(try mail.pending().map(\.recipient) == ["later@example.com"])
        let expired = try #require(try test.database.first("SELECT body FROM email_outbox WHERE recipient = 'rest@example.com'") { $0.string(0) } ?? nil)
        let keptExpired = try cipher.open(expired, column: "email_outbox.body")
        #expect(!keptExpired.contains("token="))
    }
}

import Foundation
