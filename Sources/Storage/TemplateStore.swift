import Domain

/// SQL for `practice_templates`, always scoped to one user.
public struct TemplateStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The selected columns (`template(_:)` reads them by name).
    static let columns = """
        id, user_id, template_name, activity_type, composer, work_title, opus_number, movement_section, tempo,
        focus_areas, created_at, updated_at, create_hash
        """

    /// An active template of the user by id.
    public func find(id: String, userID: String) throws -> PracticeTemplate? {
        try database.first(
            "SELECT \(Self.columns) FROM practice_templates WHERE id = ? AND user_id = ? AND is_active",
            [.text(id), .text(userID)], Self.template)
    }

    /// Whether any template, active or not, has this id.
    public func exists(id: String) throws -> Bool {
        try database.first("SELECT 1 FROM practice_templates WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The user's active templates by name.
    public func list(userID: String) throws -> [PracticeTemplate] {
        try database.query(
            "SELECT \(Self.columns) FROM practice_templates WHERE user_id = ? AND is_active ORDER BY template_name COLLATE NOCASE, id",
            [.text(userID)], Self.template)
    }

    /// Inserts or rewrites a template.
    public func save(_ template: PracticeTemplate) throws {
        try database.run(
            """
            INSERT INTO practice_templates (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET template_name = excluded.template_name, activity_type = excluded.activity_type,
              composer = excluded.composer, work_title = excluded.work_title, opus_number = excluded.opus_number,
              movement_section = excluded.movement_section, tempo = excluded.tempo, focus_areas = excluded.focus_areas,
              updated_at = excluded.updated_at
            WHERE practice_templates.user_id = excluded.user_id
            """,
            [.text(template.id), .text(template.userID), .text(template.name), .text(template.activityType.rawValue),
             .text(template.composer), .text(template.workTitle), .text(template.opusNumber), .text(template.movementSection),
             .integer(template.tempo), .text(JSONWriter.string(.array(template.focusAreas.map { .string($0.rawValue) }))),
             .text(template.createdAt.iso8601), .text(template.updatedAt.iso8601), .text(template.createHash)])
    }

    /// Deletes a template of the user; answers whether it existed. Logs made from it keep their values.
    public func delete(id: String, userID: String) throws -> Bool {
        try database.run("DELETE FROM practice_templates WHERE id = ? AND user_id = ?", [.text(id), .text(userID)]) > 0
    }

    /// Maps a row to a template by column name, so any SELECT of `columns` in any order maps the
    /// same. A column the SELECT lacks, NULL in a column the table declares NOT NULL, or a value
    /// outside the column's CHECK list is a `RowDecodingError`.
    static func template(_ row: Row) throws -> PracticeTemplate {
        var template = PracticeTemplate(
            id: try row.text("id"), userID: try row.text("user_id"), name: try row.text("template_name"),
            activityType: try row.choice("activity_type"), createdAt: try row.instant("created_at"))
        template.composer = try row.optionalText("composer")
        template.workTitle = try row.optionalText("work_title")
        template.opusNumber = try row.optionalText("opus_number")
        template.movementSection = try row.optionalText("movement_section")
        template.tempo = try row.optionalNumber("tempo")
        // No stored list is no focus areas.
        template.focusAreas = FocusArea.list(fromJSON: try row.optionalText("focus_areas"))
        template.updatedAt = try row.instant("updated_at")
        template.createHash = try row.optionalText("create_hash")
        return template
    }
}
