import Domain
import Foundation
import Storage

/// Practice plans: the items a musician keeps, and what each local day asks of them.
public struct PlanService: Sendable {
    /// The most items one plan keeps.
    public static let maxItems = 200
    /// The most days one `days(from:through:)` answers.
    public static let maxDays = 62
    /// The longest notes on an item.
    public static let maxNotes = 2000

    private let database: Database
    private let store: PlanStore
    private let changes: ChangeStore
    private let cache: KVCache?
    private let pieces: SheetMusicStore
    private let users: UserStore
    private let clock: any Clock
    private let random: any RandomSource

    /// Creates the service; with `cache`, days are read through it.
    public init(database: Database, clock: any Clock, random: any RandomSource, cache: KVCache? = nil) {
        self.database = database
        store = PlanStore(database: database)
        changes = ChangeStore(database: database)
        self.cache = cache
        pieces = SheetMusicStore(database: database)
        users = UserStore(database: database)
        self.clock = clock
        self.random = random
    }

    /// The viewer's items in plan order, paused and ended ones included.
    public func items(viewer: Viewer) throws -> [PlanItem] {
        try items(of: ReadAccess(viewer: viewer))
    }

    /// The items of the plan the access reaches, in plan order: the whole plan, or for a teacher
    /// the student does not share it with, only the items that teacher assigned.
    public func items(of access: ReadAccess) throws -> [PlanItem] {
        let items = try store.list(userID: access.userID)
        guard let teacherID = access.teacherID, !access.scopes.contains(.plan) else { return items }
        return items.filter { $0.assignedBy == teacherID }
    }

    /// What each item is called, by item id: its exercise, or its piece's title (one statement
    /// for all the pieces). What reminders and the calendar feed print.
    func titles(of items: [PlanItem], userID: String) throws -> [String: String] {
        let pieces = Dictionary(
            uniqueKeysWithValues: try self.pieces.find(ids: items.compactMap(\.sheetMusicID), visibleTo: userID).map { ($0.id, $0.title) })
        return Dictionary(items.map { ($0.id, $0.exercise ?? $0.sheetMusicID.flatMap { pieces[$0] } ?? "A piece") }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the user keeps any plan items (paused and ended ones included).
    func hasItems(userID: String) throws -> Bool {
        try store.extent(userID: userID).count > 0
    }

    /// The viewer's plan for one local day (today in their time zone when `date` is nil).
    public func day(viewer: Viewer, date: String?) throws -> PlanDay {
        let userID = try viewer.userID()
        let calendar = try LocalCalendar(userID: userID, users: users)
        let day = try date.map { try Self.day($0, field: "date") } ?? calendar.day(of: clock.now())
        return try days(userID: userID, from: day, through: day, calendar: calendar)[0]
    }

    /// The viewer's plan for each day from `from` through `to` (a week view), at most `maxDays`.
    public func days(viewer: Viewer, from: String, through to: String) throws -> [PlanDay] {
        try days(of: ReadAccess(viewer: viewer), from: from, through: to)
    }

    /// The plan the access reaches for each day from `from` through `to`: the whole plan, or
    /// for a teacher the student does not share it with, only the items that teacher assigned.
    public func days(of access: ReadAccess, from: String, through to: String) throws -> [PlanDay] {
        let userID = access.userID
        let (first, last) = (try Self.day(from, field: "from"), try Self.day(to, field: "to"))
        guard first <= last else { throw APIError.invalid("to", "to must not be before from.") }
        guard last.number - first.number < Int64(Self.maxDays) else {
            throw APIError.invalid("to", "A range covers at most \(Self.maxDays) days.")
        }
        let days = try days(userID: userID, from: first, through: last, calendar: LocalCalendar(userID: userID, users: users))
        guard let teacherID = access.teacherID, !access.scopes.contains(.plan) else { return days }
        return days.map { PlanDay(day: $0.day, items: $0.items.filter { $0.item.assignedBy == teacherID }) }
    }

    /// The plan of `userID` for each day of a range: what reminders and the calendar feed read.
    /// Read through the KV cache under the user's change-feed head: every write that can change
    /// a day's states (a log, a plan item, the time zone's effect on logs' days) moves it on in
    /// its own transaction, and the key holds today too, so a cached day is never stale.
    func days(userID: String, from first: LocalDay, through last: LocalDay, calendar: LocalCalendar) throws -> [PlanDay] {
        let today = calendar.day(of: clock.now())
        guard let cache else { return try computeDays(userID: userID, from: first, through: last, today: today) }
        let head = try changes.head(userID: userID).seq
        return try cache.value("plan:\(userID):\(head):\(first):\(last):\(today)", ttl: Self.cacheTTL) {
            try computeDays(userID: userID, from: first, through: last, today: today)
        }
    }

    /// How long a cached day is kept: the head moves on with every write, so this only bounds
    /// how long an unused entry lingers.
    static let cacheTTL = 300

    private func computeDays(userID: String, from first: LocalDay, through last: LocalDay, today: LocalDay) throws -> [PlanDay] {
        // Two reads, outside a transaction: a write transaction would queue reads behind writers,
        // and a log landing between them only shows on the next read, as it would a moment later.
        let items = try store.list(userID: userID)
        let logs = try store.logFacts(userID: userID, from: first, through: last)
        return stride(from: first.number, through: last.number, by: 1).map {
            PlanDay.states(on: LocalDay(number: $0), items: items, logs: logs, today: today)
        }
    }

    /// Adds an item at the end of the plan; a replay with the same client id and request
    /// answers the stored item.
    public func create(viewer: Viewer, clientID: String?, requestHash: String, draft: PlanItemDraft) throws -> PlanItem {
        try create(userID: viewer.userID(), assignedBy: nil, clientID: clientID, requestHash: requestHash, draft: draft)
    }

    /// Adds an item at the end of `userID`'s plan, assigned by a teacher when `assignedBy` is set
    /// (the caller has checked that teacher in the same transaction).
    func create(userID: String, assignedBy: String?, clientID: String?, requestHash: String, draft: PlanItemDraft) throws -> PlanItem {
        try PracticeRules.checkClientID(clientID)
        return try database.transaction(lockingUsers: [userID]) { _ in
            if let stored = try PracticeRules.replay(
                clientID: clientID, requestHash: requestHash, find: { try store.find(id: $0, userID: userID) },
                hash: \.createHash, exists: store.exists(id:)
            ) { return stored }
            let (count, next) = try store.extent(userID: userID)
            guard count < Self.maxItems else {
                throw APIError(
                    .badUserInput, "A plan keeps at most \(Self.maxItems) items; remove or end one first.",
                    extensions: ["field": .string("input"), "limit": .integer(Int64(Self.maxItems))])
            }
            guard let minutes = draft.targetMinutes else { throw APIError.invalid("input.targetMinutes", "targetMinutes is required.") }
            guard draft.schedule != nil else { throw APIError.invalid("input.schedule", "schedule is required.") }
            let placeholder = PlanSchedule(kind: .once, start: LocalDay(number: 0))
            var item = PlanItem(
                id: clientID ?? Nanoid.make(using: random), userID: userID, targetMinutes: minutes, schedule: placeholder,
                position: next, createdAt: clock.now())
            item.createHash = requestHash
            item.assignedBy = assignedBy
            try apply(draft, to: &item)
            try store.save(item)
            return item
        }
    }

    /// Changes an item; a stale `expectedUpdatedAt` is `CONFLICT` with the current `updatedAt`.
    public func update(viewer: Viewer, id: String, draft: PlanItemDraft, expectedUpdatedAt: Timestamp?) throws -> PlanItem {
        try change(viewer: viewer, id: id, expectedUpdatedAt: expectedUpdatedAt) { try apply(draft, to: &$0) }
    }

    /// Declines (or takes back) an item a teacher assigned: declined, it is due on no day and the
    /// teacher sees it declined.
    public func setDeclined(viewer: Viewer, id: String, declined: Bool) throws -> PlanItem {
        try change(viewer: viewer, id: id, expectedUpdatedAt: nil) { item in
            guard item.assignedBy != nil else {
                throw APIError.invalid("id", "Only an item a teacher assigned can be declined; pause or delete your own instead.")
            }
            item.declinedAt = declined ? (item.declinedAt ?? clock.now()) : nil
        }
    }

    /// Marks an item skipped (or no longer skipped) on one local day it is due.
    public func setSkipped(viewer: Viewer, id: String, date: String, skipped: Bool) throws -> PlanItem {
        let day = try Self.day(date, field: "date")
        return try change(viewer: viewer, id: id, expectedUpdatedAt: nil) { item in
            guard item.isDue(on: day) || item.skippedDays.contains(day) else {
                throw APIError.invalid("date", "The item is not due on \(day).")
            }
            if skipped { item.skippedDays.insert(day) } else { item.skippedDays.remove(day) }
        }
    }

    /// Deletes an item; logs that named it keep their values and lose the reference.
    public func delete(viewer: Viewer, id: String) throws {
        let userID = try viewer.userID()
        guard try database.transaction(lockingUsers: [userID], { _ in try store.delete(id: id, userID: userID) }) else {
            throw APIError(.notFound, "There is no plan item with this id.", extensions: ["field": .string("id")])
        }
    }

    /// Puts the plan in the order of `ids`, which must name every item once; answers the plan.
    public func reorder(viewer: Viewer, ids: [String]) throws -> [PlanItem] {
        let userID = try viewer.userID()
        return try database.transaction(lockingUsers: [userID]) { _ in
            let items = try store.list(userID: userID)
            guard Set(ids) == Set(items.map(\.id)), ids.count == items.count else {
                throw APIError.invalid("ids", "ids must name each of your \(items.count) plan items once.")
            }
            let now = clock.now()
            for (position, id) in ids.enumerated() {
                let current = items.first { $0.id == id }?.updatedAt ?? now
                try store.setPosition(position, id: id, userID: userID, at: Timestamp.stamp(now, after: current))
            }
            return try store.list(userID: userID)
        }
    }

    private func change(viewer: Viewer, id: String, expectedUpdatedAt: Timestamp?, _ body: (inout PlanItem) throws -> Void) throws -> PlanItem {
        let userID = try viewer.userID()
        return try database.transaction(lockingUsers: [userID]) { _ in
            guard var item = try store.find(id: id, userID: userID) else {
                throw APIError(.notFound, "There is no plan item with this id.", extensions: ["field": .string("id")])
            }
            if let expected = expectedUpdatedAt, expected != item.updatedAt {
                throw APIError(
                    .conflict, "The plan item changed since you last saw it.", extensions: ["updatedAt": .string(item.updatedAt.iso8601)])
            }
            let before = item
            try body(&item)
            guard item != before else { return item }
            item.updatedAt = Timestamp.stamp(clock.now(), after: item.updatedAt)
            try store.save(item)
            return item
        }
    }

    private func apply(_ draft: PlanItemDraft, to item: inout PlanItem) throws {
        item.sheetMusicID = draft.sheetMusicID.applied(to: item.sheetMusicID)
        if case .set = draft.sheetMusicID, draft.exercise == .keep { item.exercise = nil }
        item.exercise = draft.exercise.applied(to: item.exercise)?.trimmingCharacters(in: .whitespacesAndNewlines)
        if case .set = draft.exercise, draft.sheetMusicID == .keep { item.sheetMusicID = nil }
        if let piece = item.sheetMusicID, draft.sheetMusicID != .keep {
            guard try pieces.find(id: piece, visibleTo: item.userID) != nil else {
                throw APIError.invalid("input.sheetMusicId", "There is no piece with this id.")
            }
        }
        guard (item.sheetMusicID == nil) != (item.exercise == nil) else {
            throw APIError.invalid("input.sheetMusicId", "A plan item is either a piece (sheetMusicId) or an exercise, not both or neither.")
        }
        if let exercise = item.exercise {
            guard (1...200).contains(exercise.count) else { throw APIError.invalid("input.exercise", "exercise must be 1 to 200 characters.") }
            try PracticeRules.checkText("input.exercise", exercise, limit: 200, singleLine: true)
        }
        item.instrument = draft.instrument.applied(to: item.instrument)
        if let minutes = draft.targetMinutes {
            guard (1...600).contains(minutes) else { throw APIError.invalid("input.targetMinutes", "targetMinutes must be 1 to 600.") }
            item.targetMinutes = minutes
        }
        item.activityType = draft.activityType.applied(to: item.activityType)
        if let areas = draft.focusAreas { item.focusAreas = areas }
        item.targetTempo = draft.targetTempo.applied(to: item.targetTempo)
        try PracticeRules.check("input.targetTempo", item.targetTempo, in: 1...400, "targetTempo")
        item.notes = draft.notes.applied(to: item.notes)
        try PracticeRules.checkText("input.notes", item.notes, limit: Self.maxNotes)
        if let paused = draft.paused { item.paused = paused }
        if let input = draft.schedule { item.schedule = try Self.schedule(input) }
    }

    /// A checked schedule: real dates, an end not before the start, and at least one day.
    static func schedule(_ input: PlanItemDraft.ScheduleInput) throws -> PlanSchedule {
        guard let startText = input.startDate else { throw APIError.invalid("input.schedule.startDate", "startDate is required.") }
        let start = try day(startText, field: "input.schedule.startDate")
        let end = try input.endDate.map { try day($0, field: "input.schedule.endDate") }
        if let end, end < start { throw APIError.invalid("input.schedule.endDate", "endDate must not be before startDate.") }
        var schedule = PlanSchedule(kind: input.kind, start: start, end: end)
        switch input.kind {
        case .once:
            if let end, end != start { throw APIError.invalid("input.schedule.endDate", "A one-day item ends on its startDate.") }
            schedule.end = nil
        case .everyNDays:
            guard let every = input.everyDays, (1...365).contains(every) else {
                throw APIError.invalid("input.schedule.everyDays", "everyDays must be 1 to 365 for EVERY_N_DAYS.")
            }
            schedule.everyDays = every
        case .weekdays:
            schedule.weekdays = Set(input.weekdays ?? [])
            guard !schedule.weekdays.isEmpty else {
                throw APIError.invalid("input.schedule.weekdays", "Choose at least one weekday for WEEKDAYS.")
            }
            // A range holding none of the weekdays is a schedule with no day.
            if let end, end.number - start.number < 6,
               !stride(from: start.number, through: end.number, by: 1).contains(where: { schedule.includes(LocalDay(number: $0)) }) {
                throw APIError.invalid("input.schedule.weekdays", "No chosen weekday falls between startDate and endDate.")
            }
        }
        return schedule
    }

    /// A `YYYY-MM-DD` day between the years 2000 and 2199.
    static func day(_ text: String, field: String) throws -> LocalDay {
        guard let day = LocalDay(text), (2000...2199).contains(Int(text.prefix(4)) ?? 0) else {
            throw APIError.invalid(field, "\(field.split(separator: ".").last ?? "") must be a date as YYYY-MM-DD.")
        }
        return day
    }
}
