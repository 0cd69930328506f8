import Dispatch
import Domain
@testable import Endpoint
import Services
import Storage
import Testing

/// The change feed: each record once, at its latest change, in commit order; tombstones for
/// deletions; derived records included; cursors bound to their user and expiring with pruning.
@Suite("Change feed")
struct SyncTests {
    private func draft(_ seconds: Int, piece: String? = nil) -> LogDraft {
        var draft = LogDraft()
        draft.activityType = .repertoire
        draft.durationSeconds = .set(seconds)
        if let piece { draft.sheetMusicID = .set(piece) }
        return draft
    }

    private func create(_ test: TestServices, _ viewer: Viewer, _ seconds: Int, piece: String? = nil) throws -> PracticeLog {
        try test.services.logs.create(viewer: viewer, LogCreation(
            clientID: nil, requestHash: "h", sessionID: nil, templateID: nil, draft: draft(seconds, piece: piece)))
    }

    @Test("an UPDATE that leaves rows as they were does not move the feed; one that changes them does")
    func unchangedRows() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("same@example.com").accessToken)
        let piece = try #require(try test.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: 1), viewer: .anonymous).items.first?.id)
        _ = try create(test, viewer, 600, piece: piece)
        var item = PlanItemDraft()
        item.exercise = .set("Scales")
        item.targetMinutes = 10
        item.schedule = .init(kind: .once, startDate: "2026-01-15", endDate: nil, everyDays: nil, weekdays: nil)
        _ = try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "p", draft: item)
        let userID = try viewer.userID()
        func head() throws -> Int { try test.database.first("SELECT seq FROM change_heads WHERE user_id = ?", [.text(userID)]) { $0.integer(0) ?? 0 } ?? 0 }
        let before = try head()
        // What a time-zone change does to the days that stay the same, and a rewrite of a row as it is.
        try test.database.run("UPDATE practice_logs SET local_day = local_day WHERE user_id = ?", [.text(userID)])
        try test.database.run("UPDATE plan_items SET target_minutes = target_minutes WHERE user_id = ?", [.text(userID)])
        try test.database.run("UPDATE repertoire SET status = status WHERE user_id = ?", [.text(userID)])
        try test.database.run("UPDATE user_sheet_music_progress SET is_starred = is_starred WHERE user_id = ?", [.text(userID)])
        #expect(try head() == before)
        try test.database.run("UPDATE plan_items SET target_minutes = target_minutes + 1 WHERE user_id = ?", [.text(userID)])
        #expect(try head() == before + 1)
    }

    @Test("each record once at its latest change, tombstones for deletions, derived records too")
    func feed() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("feed@example.com").accessToken)
        let piece = try #require(try test.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: 1), viewer: .anonymous).items.first?.id)
        let start = try test.services.sync.changes(viewer: viewer, since: nil, limit: nil)
        #expect(start.changes.map(\.entry.entity) == [.profile] && !start.hasMore)
        let kept = try create(test, viewer, 600, piece: piece)
        let gone = try create(test, viewer, 300)
        _ = try test.services.logs.update(viewer: viewer, id: kept.id, draft: draft(900, piece: piece), expectedUpdatedAt: nil)
        try test.services.logs.delete(viewer: viewer, id: gone.id)
        let feed = try test.services.sync.changes(viewer: viewer, since: start.cursor, limit: nil)
        let entries = feed.changes.map { "\($0.entry.entity.rawValue) \($0.entry.deleted ? "-" : "+")" }
        // Each record once: the kept log at its update, the piece's progress and repertoire entry
        // the writes refreshed (PostgreSQL skips a refresh that changed nothing, so their places
        // may differ by engine), and the deleted log as a tombstone, last.
        #expect(Set(entries) == ["log +", "piece_progress +", "repertoire +", "log -"] && entries.count == 4, "\(entries)")
        #expect(entries.last == "log -")
        #expect(feed.changes.map(\.entry.seq) == feed.changes.map(\.entry.seq).sorted())
        let keptState = feed.changes.first { $0.entry.id == kept.id }?.node
        if case .log(let log) = keptState { #expect(log.durationSeconds == 900) } else { Issue.record("no log state") }
        #expect(feed.changes[3].node == nil && feed.changes[3].entry.id == gone.id)
        let quiet = try test.services.sync.changes(viewer: viewer, since: feed.cursor, limit: nil)
        #expect(quiet.changes.isEmpty && !quiet.hasMore)
        // Paging: two at a time, with the same records in the same order.
        var paged: [String] = []
        var cursor: String? = nil
        repeat {
            let page = try test.services.sync.changes(viewer: viewer, since: cursor, limit: 2)
            paged += page.changes.map { "\($0.entry.entity.rawValue) \($0.entry.id)" }
            cursor = page.cursor
            if !page.hasMore { break }
        } while true
        let whole = try test.services.sync.changes(viewer: viewer, since: nil, limit: 500).changes.map { "\($0.entry.entity.rawValue) \($0.entry.id)" }
        #expect(paged == whole && Set(whole).count == whole.count)
    }

    @Test("another user's cursor is BAD_USER_INPUT; one older than the pruned tombstones is SYNC_CURSOR_EXPIRED")
    func cursors() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("cursors@example.com").accessToken)
        let other = try test.services.auth.authenticate(accessToken: test.signIn("other-cursors@example.com").accessToken)
        let old = try test.services.sync.changes(viewer: viewer, since: nil, limit: nil).cursor
        #expect { try test.services.sync.changes(viewer: other, since: old, limit: nil) } throws: {
            ($0 as? APIError)?.code == .badUserInput
        }
        #expect { try test.services.sync.changes(viewer: viewer, since: nil, limit: 501) } throws: { ($0 as? APIError)?.code == .badUserInput }
        let first = try create(test, viewer, 60)
        try test.services.logs.delete(viewer: viewer, id: first.id)
        // The tombstone is 40 days old by now; the next deletion prunes it.
        try test.database.run("UPDATE changes SET changed_at = '2000-01-01T00:00:00.000Z' WHERE deleted")
        let second = try create(test, viewer, 60)
        try test.services.logs.delete(viewer: viewer, id: second.id)
        #expect(try test.count("changes", where: "entity_id = ?", first.id) == 0)
        #expect { try test.services.sync.changes(viewer: viewer, since: old, limit: nil) } throws: {
            ($0 as? APIError)?.code == .syncCursorExpired
        }
        // A full sync still works, without the pruned tombstone.
        let full = try test.services.sync.changes(viewer: viewer, since: nil, limit: nil)
        #expect(full.changes.contains { $0.entry.id == second.id && $0.entry.deleted })
        #expect(!full.changes.contains { $0.entry.id == first.id })
    }

    @Test("myChanges pushes each committed change with its state, and a tombstone for a delete (polled on SQLite, signalled on PostgreSQL)")
    func live() async throws {
        let endpoint = try TestDatabase.endpoint()
        let access = try await signIn(endpoint, email: "live-changes@example.com")
        guard case .stream(let stream) = await endpoint.subscribe(
            toBody: Array(#"{"query":"subscription { myChanges { entity id deleted practiceLog { durationSeconds } } }"}"#.utf8),
            headers: ["authorization": "Bearer \(access)"], clientAddress: "test")
        else { Issue.record("the subscription was refused"); return }
        func send(_ query: String) async -> String {
            await endpoint.respond(toBody: Array(#"{"query":\#(JSONWriter.string(.string(query))),"headers":{"authorization":"Bearer \#(access)"}}"#.utf8)).body
        }
        let created = await send("mutation { createPracticeLog(input: {id: \"liveChangeLogAAAAAAAA\", activityType: SCALES, durationSeconds: 700}) { id } }")
        #expect(created.contains("liveChangeLogAAAAAAAA"), "\(created)")
        // Alone a change arrives in milliseconds; the bounds are loose because the parallel suite
        // can starve the thread pool that runs a subscription's execution (as in CrossHostEventsTests).
        var payloads: [String] = []
        var started = DispatchTime.now().uptimeNanoseconds
        while !payloads.contains(where: { $0.contains(#""durationSeconds":700"#) }), DispatchTime.now().uptimeNanoseconds - started < 60_000_000_000 {
            payloads += await stream.next()
        }
        #expect(payloads.contains { $0.contains(#""entity":"PRACTICE_LOG","id":"liveChangeLogAAAAAAAA","deleted":false"#) }, "\(payloads)")
        _ = await send(#"mutation { deletePracticeLog(id: "liveChangeLogAAAAAAAA") { success } }"#)
        payloads = []
        started = DispatchTime.now().uptimeNanoseconds
        while !payloads.contains(where: { $0.contains(#""deleted":true"#) }), DispatchTime.now().uptimeNanoseconds - started < 60_000_000_000 {
            payloads += await stream.next()
        }
        #expect(payloads.contains { $0.contains(#""id":"liveChangeLogAAAAAAAA","deleted":true,"practiceLog":null"#) }, "\(payloads)")
    }
}
