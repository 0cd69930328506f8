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
        let log = document["tables"]?["practice_logs"]?.arrayValue?.first
        #expect(log?["practice_notes"] == .string("private note"))
        #expect(log?["focus_areas"] == .array([.string("tempo")]))
        #expect(document["tables"]?["users"]?.arrayValue?.first?["email"] == .string("export@example.com"))
        #expect(document["tables"]?["auth_sessions"]?.arrayValue?.count == 1)
        let text = JSONWriter.string(document)
        #expect(!text.contains(SHA256.hex(pair.refreshToken)))
        #expect(!text.contains(pair.refreshToken))
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
        let mail = MailService(database: test.database, clock: test.clock, sender: "Mirubato <no-reply@example.com>")
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
    }
}

import Foundation
