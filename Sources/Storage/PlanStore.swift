import Domain

/// SQL for `plan_items`, always scoped to one user, and the log facts a plan's days are judged by.
public struct PlanStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The selected columns (`item(_:)` reads them by name; `save` writes them in this order).
    static let columns = """
        id, user_id, sheet_music_id, exercise, instrument, target_minutes, activity_type, focus_areas, target_tempo, notes,
        schedule, every_days, weekdays, start_day, end_day, position, paused, skipped_days, created_at, updated_at, create_hash,
        assigned_by, declined_at
        """

    /// An item of the user by id.
    public func find(id: String, userID: String) throws -> PlanItem? {
        try database.first("SELECT \(Self.columns) FROM plan_items WHERE id = ? AND user_id = ?", [.text(id), .text(userID)], Self.item)
    }

    /// An item a teacher assigned, whoever's plan it is in.
    public func find(assignedBy teacherID: String, id: String) throws -> PlanItem? {
        try database.first(
            "SELECT \(Self.columns) FROM plan_items WHERE id = ? AND assigned_by = ?", [.text(id), .text(teacherID)], Self.item)
    }

    /// Whether any item, of any user, has this id (a client id taken by someone else).
    public func exists(id: String) throws -> Bool {
        try database.first("SELECT 1 FROM plan_items WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The user's items in plan order.
    public func list(userID: String) throws -> [PlanItem] {
        try database.query(
            "SELECT \(Self.columns) FROM plan_items WHERE user_id = ? ORDER BY position, id", [.text(userID)], Self.item)
    }

    /// How many items the user has, and the position after the last.
    public func extent(userID: String) throws -> (count: Int, nextPosition: Int) {
        try database.first(
            "SELECT count(*), coalesce(max(position), -1) + 1 FROM plan_items WHERE user_id = ?", [.text(userID)]
        ) { ($0.integer(0) ?? 0, $0.integer(1) ?? 0) } ?? (0, 0)
    }

    /// Inserts or rewrites an item.
    public func save(_ item: PlanItem) throws {
        let skipped = JSONWriter.string(.array(item.skippedDays.sorted().map { .string($0.description) }))
        try database.run(
            """
            INSERT INTO plan_items (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET sheet_music_id = excluded.sheet_music_id, exercise = excluded.exercise,
              instrument = excluded.instrument, target_minutes = excluded.target_minutes, activity_type = excluded.activity_type,
              focus_areas = excluded.focus_areas, target_tempo = excluded.target_tempo, notes = excluded.notes,
              schedule = excluded.schedule, every_days = excluded.every_days, weekdays = excluded.weekdays,
              start_day = excluded.start_day, end_day = excluded.end_day, position = excluded.position, paused = excluded.paused,
              skipped_days = excluded.skipped_days, updated_at = excluded.updated_at, declined_at = excluded.declined_at
            WHERE plan_items.user_id = excluded.user_id
            """,
            [.text(item.id), .text(item.userID), .text(item.sheetMusicID), .text(item.exercise), .text(item.instrument?.rawValue),
             .integer(item.targetMinutes), .text(item.activityType?.rawValue),
             .text(JSONWriter.string(.array(item.focusAreas.map { .string($0.rawValue) }))), .integer(item.targetTempo),
             .text(item.notes), .text(item.schedule.kind.rawValue), .integer(item.schedule.kind == .everyNDays ? item.schedule.everyDays : nil),
             .integer(item.schedule.kind == .weekdays ? item.schedule.weekdayMask : nil), .text(item.schedule.start.description),
             .text(item.schedule.end?.description), .integer(item.position), .bool(item.paused), .text(skipped),
             .text(item.createdAt.iso8601), .text(item.updatedAt.iso8601), .text(item.createHash),
             .text(item.assignedBy), .text(item.declinedAt?.iso8601)])
    }

    /// Moves an item to a position, leaving its other fields and `updated_at` as they are unless
    /// `at` is given.
    public func setPosition(_ position: Int, id: String, userID: String, at instant: Timestamp) throws {
        try database.run(
            "UPDATE plan_items SET position = ?, updated_at = ? WHERE id = ? AND user_id = ? AND position <> ?",
            [.integer(position), .text(instant.iso8601), .text(id), .text(userID), .integer(position)])
    }

    /// Deletes an item of the user; answers whether it existed. Logs that named it keep their
    /// values and lose the reference.
    public func delete(id: String, userID: String) throws -> Bool {
        try database.run("DELETE FROM plan_items WHERE id = ? AND user_id = ?", [.text(id), .text(userID)]) > 0
    }

    /// The user's logs on local days `from` through `to`, as a plan judges them.
    public func logFacts(userID: String, from: LocalDay, through to: LocalDay) throws -> [PlanLogFact] {
        try database.query(
            """
            SELECT id, local_day, plan_item_id, sheet_music_id, duration_seconds FROM practice_logs
            WHERE user_id = ? AND local_day BETWEEN ? AND ? ORDER BY start_time, id
            """,
            [.text(userID), .text(from.description), .text(to.description)]
        ) { row in
            PlanLogFact(
                logID: try row.text("id"), day: try row.day("local_day"), planItemID: try row.optionalText("plan_item_id"),
                sheetMusicID: try row.optionalText("sheet_music_id"), seconds: try row.optionalNumber("duration_seconds") ?? 0)
        }
    }

    /// Maps a row to an item by column name, so any SELECT of `columns` in any order maps the
    /// same. A column the SELECT lacks, NULL in a NOT NULL column, or a value outside the
    /// column's CHECK list is a `RowDecodingError`.
    static func item(_ row: Row) throws -> PlanItem {
        let kind: PlanSchedule.Kind = try row.choice("schedule")
        let schedule = PlanSchedule(
            kind: kind, start: try row.day("start_day"), end: try row.optionalDay("end_day"), everyDays: try row.optionalNumber("every_days"),
            weekdays: PlanSchedule.weekdays(mask: try row.optionalNumber("weekdays") ?? 0))
        var item = PlanItem(
            id: try row.text("id"), userID: try row.text("user_id"), targetMinutes: try row.number("target_minutes"), schedule: schedule,
            position: try row.number("position"), createdAt: try row.instant("created_at"))
        item.sheetMusicID = try row.optionalText("sheet_music_id")
        item.exercise = try row.optionalText("exercise")
        item.instrument = try row.optionalChoice("instrument")
        item.activityType = try row.optionalChoice("activity_type")
        item.focusAreas = FocusArea.list(fromJSON: try row.optionalText("focus_areas"))
        item.targetTempo = try row.optionalNumber("target_tempo")
        item.notes = try row.optionalText("notes")
        item.assignedBy = try row.optionalText("assigned_by")
        item.declinedAt = try row.optionalInstant("declined_at")
        item.paused = try row.flag("paused")
        let skipped = (try? JSONParser.parse(try row.text("skipped_days")))?.arrayValue ?? []
        item.skippedDays = Set(skipped.compactMap { $0.stringValue.flatMap(LocalDay.init) })
        item.updatedAt = try row.instant("updated_at")
        item.createHash = try row.optionalText("create_hash")
        return item
    }
}
