import Domain

/// SQL for the repertoire and its status history. The practice figures of an entry are derived:
/// `refreshPractice` recomputes them from `practice_day_details` in the log write's transaction.
public struct RepertoireStore: Sendable {
    let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    private static let columns = """
        r.user_id, r.sheet_music_id, r.status, r.status_changed_at, r.links, r.practice_seconds, r.last_practiced_day,
        r.created_at, r.updated_at
        """
    private static let joined = "repertoire r JOIN sheet_music s ON s.id = r.sheet_music_id"

    /// The sort expressions of each order (text that never is NULL, the piece id last).
    public static func listOrder(_ order: RepertoireOrder) -> ListOrder {
        switch order {
        case .statusChanged: ListOrder(["r.status_changed_at", "r.sheet_music_id"], descending: true)
        case .title: ListOrder(["s.title", "r.sheet_music_id"])
        case .lastPracticed: ListOrder(["coalesce(r.last_practiced_day, '')", "r.sheet_music_id"], descending: true)
        }
    }

    /// A page of the user's repertoire, optionally of one status and of pieces for one instrument.
    public func list(
        userID: String, status: RepertoireStatus?, instrument: Instrument?, order: RepertoireOrder, limit: Int, start: PageStart
    ) throws -> Page<RepertoireItem> {
        var condition = "r.user_id = ?"
        var parameters: [SQLValue] = [.text(userID)]
        if let status { condition += " AND r.status = ?"; parameters.append(.text(status.rawValue)) }
        if let instrument { condition += " AND s.instrument IN (?, 'both')"; parameters.append(.text(instrument.rawValue)) }
        return try database.page(
            columns: Self.columns, from: Self.joined, where: condition, parameters, order: Self.listOrder(order), start: start,
            limit: limit, map: Self.item)
    }

    /// The user's entry for a piece.
    public func find(sheetMusicID: String, userID: String) throws -> RepertoireItem? {
        try database.first(
            "SELECT \(Self.columns) FROM repertoire r WHERE r.user_id = ? AND r.sheet_music_id = ?", [.text(userID), .text(sheetMusicID)],
            Self.item)
    }

    /// Adds an entry (its practice figures are refreshed separately).
    public func insert(_ item: RepertoireItem) throws {
        try database.run(
            """
            INSERT INTO repertoire (user_id, sheet_music_id, status, status_changed_at, links, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(item.userID), .text(item.sheetMusicID), .text(item.status.rawValue), .text(item.statusChangedAt.iso8601),
             .text(Self.json(item.links)), .text(item.createdAt.iso8601), .text(item.updatedAt.iso8601)])
    }

    /// Writes an entry's status and links.
    public func update(_ item: RepertoireItem) throws {
        try database.run(
            """
            UPDATE repertoire SET status = ?, status_changed_at = ?, links = ?, updated_at = ? WHERE user_id = ? AND sheet_music_id = ?
            """,
            [.text(item.status.rawValue), .text(item.statusChangedAt.iso8601), .text(Self.json(item.links)), .text(item.updatedAt.iso8601),
             .text(item.userID), .text(item.sheetMusicID)])
    }

    /// Removes an entry and its history; answers whether there was one.
    public func delete(sheetMusicID: String, userID: String) throws -> Bool {
        try database.run("DELETE FROM repertoire_status_changes WHERE user_id = ? AND sheet_music_id = ?", [.text(userID), .text(sheetMusicID)])
        return try database.run("DELETE FROM repertoire WHERE user_id = ? AND sheet_music_id = ?", [.text(userID), .text(sheetMusicID)]) > 0
    }

    /// Records a status move.
    public func append(_ change: RepertoireStatusChange, userID: String) throws {
        try database.run(
            """
            INSERT INTO repertoire_status_changes (id, user_id, sheet_music_id, from_status, to_status, note, changed_by, changed_at, request_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(change.id), .text(userID), .text(change.sheetMusicID), .text(change.fromStatus?.rawValue), .text(change.toStatus.rawValue),
             .text(change.note), .text(change.changedBy), .text(change.changedAt.iso8601), .text(change.requestHash)])
    }

    /// A status move of the user by id.
    public func change(id: String, userID: String) throws -> RepertoireStatusChange? {
        try database.first("SELECT * FROM repertoire_status_changes WHERE id = ? AND user_id = ?", [.text(id), .text(userID)], Self.change)
    }

    /// Whether any user's move has this id.
    public func changeExists(id: String) throws -> Bool {
        try database.first("SELECT 1 FROM repertoire_status_changes WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The moves of some of the user's pieces, oldest first, by piece (one statement for a page).
    public func history(sheetMusicIDs: [String], userID: String) throws -> [String: [RepertoireStatusChange]] {
        guard !sheetMusicIDs.isEmpty else { return [:] }
        let changes = try database.query(
            """
            SELECT * FROM repertoire_status_changes WHERE user_id = ? AND sheet_music_id IN (SELECT value FROM json_each(?))
            ORDER BY changed_at, id
            """, [.text(userID), .list(sheetMusicIDs)], Self.change)
        return Dictionary(grouping: changes, by: \.sheetMusicID)
    }

    /// Recomputes the practice figures of some of the user's entries (all when nil) from the day
    /// details: seconds over all days, and the last day.
    public func refreshPractice(userID: String, sheetMusicIDs: Set<String>?) throws {
        var condition = "user_id = ?"
        var parameters: [SQLValue] = [.text(userID)]
        if let sheetMusicIDs {
            guard !sheetMusicIDs.isEmpty else { return }
            condition += " AND sheet_music_id IN (SELECT value FROM json_each(?))"
            parameters.append(.list(sheetMusicIDs))
        }
        try database.run(
            """
            UPDATE repertoire SET
              practice_seconds = coalesce((SELECT sum(d.seconds) FROM practice_day_details d
                WHERE d.user_id = repertoire.user_id AND d.sheet_music_id = repertoire.sheet_music_id), 0),
              last_practiced_day = (SELECT max(d.day) FROM practice_day_details d
                WHERE d.user_id = repertoire.user_id AND d.sheet_music_id = repertoire.sheet_music_id)
            WHERE \(condition)
            """, parameters)
    }

    private static func json(_ links: [ReferenceLink]) -> String {
        JSONWriter.string(.array(links.map { .object(["title": .string($0.title), "url": .string($0.url)]) }))
    }

    private static func item(_ row: Row) throws -> RepertoireItem {
        let links = ((try? JSONParser.parse(try row.text("links")))?.arrayValue ?? []).compactMap { value -> ReferenceLink? in
            guard let title = value["title"]?.stringValue, let url = value["url"]?.stringValue else { return nil }
            return ReferenceLink(title: title, url: url)
        }
        return RepertoireItem(
            userID: try row.text("user_id"), sheetMusicID: try row.text("sheet_music_id"), status: try row.choice("status"),
            statusChangedAt: try row.instant("status_changed_at"), links: links, practiceSeconds: try row.number("practice_seconds"),
            lastPracticedDay: try row.optionalDay("last_practiced_day"), createdAt: try row.instant("created_at"),
            updatedAt: try row.instant("updated_at"))
    }

    private static func change(_ row: Row) throws -> RepertoireStatusChange {
        RepertoireStatusChange(
            id: try row.text("id"), sheetMusicID: try row.text("sheet_music_id"), fromStatus: try row.optionalChoice("from_status"),
            toStatus: try row.choice("to_status"), note: try row.optionalText("note"), changedBy: try row.optionalText("changed_by"),
            changedAt: try row.instant("changed_at"), requestHash: try row.optionalText("request_hash"))
    }
}
