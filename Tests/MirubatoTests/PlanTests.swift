import Domain
import Services
import Storage
import Testing

/// Practice plans: schedules, a day's states, and the plan item as a record like the others.
@Suite("Practice plans")
struct PlanTests {
    // TestDatabase.now is Thursday 2026-01-15, 09:30 UTC.
    private let today = LocalDay("2026-01-15")!

    private func signedIn(_ test: TestServices, _ email: String = "plan@example.com", zone: String = "UTC") throws -> Viewer {
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn(email).accessToken)
        var changes = ProfileChanges()
        changes.timeZone = zone
        _ = try test.services.users.update(viewer: viewer, changes: changes)
        return viewer
    }

    private func draft(
        exercise: String? = "Scales in thirds", piece: String? = nil, minutes: Int = 20, kind: PlanSchedule.Kind = .everyNDays,
        start: String = "2026-01-12", end: String? = nil, every: Int? = 1, weekdays: [Weekday]? = nil
    ) -> PlanItemDraft {
        var draft = PlanItemDraft()
        if let exercise { draft.exercise = .set(exercise) }
        if let piece { draft.sheetMusicID = .set(piece) }
        draft.targetMinutes = minutes
        draft.schedule = .init(kind: kind, startDate: start, endDate: end, everyDays: every, weekdays: weekdays)
        return draft
    }

    private func log(_ test: TestServices, _ viewer: Viewer, seconds: Int, at start: String, item: String? = nil, piece: String? = nil)
        throws -> PracticeLog {
        var draft = LogDraft()
        draft.activityType = .scales
        draft.instrument = .piano
        draft.startedAt = Timestamp(iso8601: start)
        draft.durationSeconds = .set(seconds)
        if let item { draft.planItemID = .set(item) }
        if let piece { draft.sheetMusicID = .set(piece) }
        return try test.services.logs.create(
            viewer: viewer, LogCreation(clientID: nil, requestHash: start, sessionID: nil, templateID: nil, draft: draft))
    }

    @Test("each kind of schedule falls on the days it says, and on none outside start and end")
    func schedules() {
        let start = LocalDay("2026-01-12")!  // a Monday
        let weekly = PlanSchedule(kind: .weekdays, start: start, end: LocalDay("2026-01-25"), weekdays: [.monday, .thursday])
        let days = (0..<21).map { start.adding(days: $0) }
        #expect(days.filter(weekly.includes).map(\.description) == ["2026-01-12", "2026-01-15", "2026-01-19", "2026-01-22"])
        let third = PlanSchedule(kind: .everyNDays, start: start, everyDays: 3)
        #expect(days.filter(third.includes).count == 7)
        #expect(!third.includes(start.adding(days: -3)))
        let once = PlanSchedule(kind: .once, start: start.adding(days: 2), end: start.adding(days: 9))
        #expect(days.filter(once.includes) == [start.adding(days: 2)])
        // Weekdays by property: every day of 4 weeks is exactly one weekday, Monday first.
        for offset in 0..<28 { #expect(Weekday(of: start.adding(days: Int64(offset))) == Array(Weekday.allCases)[offset % 7]) }
    }

    @Test("a day's items are due, done, partly done, skipped, missed or upcoming; deleting a log moves the state back")
    func dayStates() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let plans = test.services.plans
        let scales = try plans.create(viewer: viewer, clientID: nil, requestHash: "a", draft: draft(minutes: 20))
        let etude = try plans.create(viewer: viewer, clientID: nil, requestHash: "b", draft: draft(exercise: "Etude", minutes: 30))
        #expect(try plans.day(viewer: viewer, date: nil).items.map(\.state) == [.due, .due])
        let full = try log(test, viewer, seconds: 1200, at: "2026-01-15T08:00:00Z", item: scales.id)
        _ = try log(test, viewer, seconds: 600, at: "2026-01-15T08:30:00Z", item: etude.id)
        var day = try plans.day(viewer: viewer, date: "2026-01-15")
        #expect(day.items.map(\.state) == [.done, .partlyDone])
        #expect(day.items.map(\.practicedSeconds) == [1200, 600])
        try test.services.logs.delete(viewer: viewer, id: full.id)
        day = try plans.day(viewer: viewer, date: nil)
        #expect(day.items.map(\.state) == [.due, .partlyDone])
        _ = try plans.setSkipped(viewer: viewer, id: scales.id, date: "2026-01-14", skipped: true)
        let week = try plans.days(viewer: viewer, from: "2026-01-12", through: "2026-01-18")
        #expect(week.map { $0.items.first?.state } == [.missed, .missed, .skipped, .due, .upcoming, .upcoming, .upcoming])
        #expect(try plans.day(viewer: viewer, date: "2026-01-11").items.isEmpty)
    }

    @Test("logs of an item's piece count for it when no log names it")
    func pieceLogsCount() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let piece = try #require(try test.database.first("SELECT id FROM sheet_music WHERE user_id IS NULL ORDER BY id LIMIT 1") { $0.string(0) })
        let item = try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "p", draft: draft(exercise: nil, piece: piece, minutes: 10))
        _ = try log(test, viewer, seconds: 900, at: "2026-01-15T07:00:00Z", piece: piece)
        let entry = try #require(try test.services.plans.day(viewer: viewer, date: nil).items.first)
        #expect(entry.item.id == item.id && entry.state == .done)
    }

    @Test("the local day follows the user's time zone")
    func timeZones() throws {
        let test = try TestServices()
        // 09:30 UTC on the 15th is already 22:30 on the 15th in Auckland, and 01:30 in Los Angeles.
        let auckland = try signedIn(test, "nz@example.com", zone: "Pacific/Auckland")
        let angeles = try signedIn(test, "la@example.com", zone: "America/Los_Angeles")
        for viewer in [auckland, angeles] {
            _ = try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "t", draft: draft(kind: .once, start: "2026-01-15", every: nil))
        }
        #expect(try test.services.plans.day(viewer: auckland, date: nil).day == today)
        #expect(try test.services.plans.day(viewer: angeles, date: nil).items.map(\.state) == [.due])
        test.clock.advance(seconds: 15 * 3600)  // 00:30 UTC on the 16th: the 16th in Auckland, still the 15th in LA.
        #expect(try test.services.plans.day(viewer: auckland, date: nil).items.isEmpty)
        #expect(try test.services.plans.day(viewer: angeles, date: nil).items.map(\.state) == [.due])
    }

    /// Each bad create: the field its error names, and how it spoils a good draft.
    private static let spoilers: [(field: String, spoil: @Sendable (inout PlanItemDraft) -> Void)] = [
        ("input.schedule.weekdays", { (d: inout PlanItemDraft) in d.schedule = .init(kind: .weekdays, startDate: "2026-01-12", endDate: nil, everyDays: nil, weekdays: []) }),
        ("input.schedule.endDate", { (d: inout PlanItemDraft) in d.schedule = .init(kind: .everyNDays, startDate: "2026-01-12", endDate: "2026-01-01", everyDays: 2, weekdays: nil) }),
        ("input.schedule.startDate", { (d: inout PlanItemDraft) in d.schedule = .init(kind: .once, startDate: "2026-02-30", endDate: nil, everyDays: nil, weekdays: nil) }),
        ("input.schedule.everyDays", { (d: inout PlanItemDraft) in d.schedule = .init(kind: .everyNDays, startDate: "2026-01-12", endDate: nil, everyDays: 0, weekdays: nil) }),
        ("input.targetMinutes", { (d: inout PlanItemDraft) in d.targetMinutes = 601 }),
        ("input.targetMinutes", { (d: inout PlanItemDraft) in d.targetMinutes = 0 }),
        ("input.sheetMusicId", { (d: inout PlanItemDraft) in d.sheetMusicID = .set("no-such-piece") }),
        ("input.sheetMusicId", { (d: inout PlanItemDraft) in d.exercise = .clear }),
        ("input.schedule.weekdays", { (d: inout PlanItemDraft) in d.schedule = .init(kind: .weekdays, startDate: "2026-01-13", endDate: "2026-01-14", everyDays: nil, weekdays: [.friday]) }),
    ]

    @Test("bad input is a coded error naming the field, and changes nothing", arguments: 0..<9)
    func badInput(index: Int) throws {
        let (field, spoil) = Self.spoilers[index]
        let test = try TestServices()
        let viewer = try signedIn(test)
        var bad = draft()
        spoil(&bad)
        let error = try #require(throws: APIError.self) {
            try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "x", draft: bad)
        }
        #expect(error.code == .badUserInput)
        #expect(error.extensions["field"] == .string(field))
        #expect(try test.count("plan_items") == 0)
    }

    @Test("a plan keeps at most 200 items; another user's item or piece is refused")
    func limitsAndOwnership() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        for index in 0..<PlanService.maxItems {
            _ = try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "\(index)", draft: draft())
        }
        let error = try #require(throws: APIError.self) {
            try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "over", draft: draft())
        }
        #expect(error.code == .badUserInput && error.extensions["limit"] == .integer(200))
        #expect(try test.count("plan_items") == 200)

        let other = try signedIn(test, "other@example.com")
        let theirs = try test.services.plans.items(viewer: viewer)[0]
        #expect(throws: APIError.self) { try test.services.plans.update(viewer: other, id: theirs.id, draft: draft(), expectedUpdatedAt: nil) }
        #expect(throws: APIError.self) { try test.services.plans.delete(viewer: other, id: theirs.id) }
        let named = try #require(throws: APIError.self) { try log(test, other, seconds: 60, at: "2026-01-15T08:00:00Z", item: theirs.id) }
        #expect(named.extensions["field"] == .string("planItemId"))
        let ownPiece = SheetMusicDraft(title: "Private study", instrument: .piano)
        let mine = try test.services.ownPieces.create(viewer: viewer, clientID: nil, requestHash: "own", draft: ownPiece)
        let refused = try #require(throws: APIError.self) {
            try test.services.plans.create(viewer: other, clientID: nil, requestHash: "o", draft: draft(exercise: nil, piece: mine.id))
        }
        #expect(refused.extensions["field"] == .string("input.sheetMusicId"))
    }

    @Test("a plan item is a record like the others: replay-safe, stale edits refused, in the change feed with tombstones")
    func recordLikeOthers() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let plans = test.services.plans
        let first = try plans.create(viewer: viewer, clientID: "PlanItem0000000000001", requestHash: "same", draft: draft())
        #expect(try plans.create(viewer: viewer, clientID: first.id, requestHash: "same", draft: draft()) == first)
        #expect(throws: APIError.self) { try plans.create(viewer: viewer, clientID: first.id, requestHash: "other", draft: draft()) }
        test.clock.advance(seconds: 5)
        var change = PlanItemDraft()
        change.targetMinutes = 45
        let changed = try plans.update(viewer: viewer, id: first.id, draft: change, expectedUpdatedAt: first.updatedAt)
        #expect(changed.targetMinutes == 45 && changed.updatedAt > first.updatedAt)
        let stale = try #require(throws: APIError.self) { try plans.update(viewer: viewer, id: first.id, draft: change, expectedUpdatedAt: first.updatedAt) }
        #expect(stale.code == .conflict)

        let logged = try log(test, viewer, seconds: 60, at: "2026-01-15T08:00:00Z", item: first.id)
        var feed = try test.services.sync.changes(viewer: viewer, since: nil, limit: 100)
        #expect(feed.changes.contains { $0.entry.entity == .planItem && $0.entry.id == first.id && !$0.entry.deleted })
        try plans.delete(viewer: viewer, id: first.id)
        feed = try test.services.sync.changes(viewer: viewer, since: nil, limit: 100)
        #expect(feed.changes.contains { $0.entry.entity == .planItem && $0.entry.id == first.id && $0.entry.deleted })
        // The log stays, without the reference; its own change is in the feed.
        let kept = try #require(try test.services.logs.logs(viewer: viewer, filter: LogFilter(), page: PageRequest()).items.first)
        #expect(kept.id == logged.id && kept.planItemID == nil)
    }

    @Test("reordering names every item once and puts the plan in that order")
    func reorder() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let items = try (0..<3).map { try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "\($0)", draft: draft(exercise: "E\($0)")) }
        let order = [items[2].id, items[0].id, items[1].id]
        #expect(try test.services.plans.reorder(viewer: viewer, ids: order).map(\.id) == order)
        #expect(throws: APIError.self) { try test.services.plans.reorder(viewer: viewer, ids: [items[0].id]) }
        #expect(try test.services.plans.day(viewer: viewer, date: nil).items.map(\.item.id) == order)
    }

    @Test("the export carries the plan and the logs that name its items; an import into another account keeps them together")
    func exportImport() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        let created = try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "e", draft: draft(weekdays: nil))
        let item = try test.services.plans.setSkipped(viewer: viewer, id: created.id, date: "2026-01-14", skipped: true)
        _ = try log(test, viewer, seconds: 1200, at: "2026-01-15T08:00:00Z", item: item.id)
        let document = try test.services.users.export(viewer: viewer)
        #expect(document["planItems"]?.arrayValue?.first?["skippedDays"] == .array([.string("2026-01-14")]))
        let other = try signedIn(test, "copy@example.com")
        _ = try test.services.users.importData(viewer: other, document: document)
        let copied = try #require(try test.services.plans.items(viewer: other).first)
        #expect(copied.id != item.id)
        #expect(copied.skippedDays == item.skippedDays)
        #expect(copied.schedule == item.schedule)
        #expect(try test.services.plans.day(viewer: other, date: nil).items.map(\.state) == [.done])
        // Deleting the account takes its plan with it.
        try test.services.users.deleteAccount(viewer: other)
        #expect(try test.count("plan_items") == 1)
    }
}
