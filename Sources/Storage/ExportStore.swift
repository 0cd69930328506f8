import Domain

/// Reads every row that belongs to a user, for the data export (GDPR). Each entry of `tables`
/// names a table, the columns to include, and how its rows are tied to the user.
public struct ExportStore: Sendable {
    /// One exported table.
    public struct Table: Sendable {
        /// Table name.
        public let name: String
        /// Selected columns; secrets such as token hashes are left out on purpose.
        public let columns: String
        /// Condition with one parameter: the user's id.
        public let condition: String
    }

    /// Every table with user data. A test fails when a table with a `user_id` column is missing
    /// here and not listed in `excluded`.
    public static let tables: [Table] = [
        Table(name: "users", columns: "id, email, display_name, avatar_url, primary_instrument, skill_level, preferences, created_at, updated_at, last_login_at", condition: "id = ?"),
        Table(name: "sheet_music", columns: """
            id, user_id, title, composer, opus, catalog_number, instrument, difficulty_level, grade_level, duration_seconds,
            time_signature, key_signature, tempo_marking, suggested_tempo, style_period, tags, source_type, created_at, updated_at
            """, condition: "user_id = ?"),
        Table(name: "practice_sessions", columns: "*", condition: "user_id = ?"),
        Table(name: "practice_logs", columns: "*", condition: "user_id = ?"),
        Table(name: "practice_templates", columns: "*", condition: "user_id = ?"),
        Table(name: "plan_items", columns: "*", condition: "user_id = ?"),
        Table(name: "reminders_sent", columns: "*", condition: "user_id = ?"),
        Table(name: "user_sheet_music_progress", columns: "*", condition: "user_id = ?"),
        Table(name: "progress_tracking", columns: "*", condition: "user_id = ?"),
        Table(name: "practice_days", columns: "*", condition: "user_id = ?"),
        Table(name: "practice_day_details", columns: "*", condition: "user_id = ?"),
        Table(name: "repertoire", columns: "*", condition: "user_id = ?"),
        Table(name: "repertoire_status_changes", columns: "*", condition: "user_id = ?"),
        Table(name: "user_achievements", columns: "*", condition: "user_id = ?"),
        Table(name: "goals", columns: "id, user_id, goal_type, title, target, sheet_music_id, deadline, completed_at, created_at, updated_at", condition: "user_id = ?"),
        // Relationships on either side; comments the user wrote or that are on their own practice.
        Table(name: "teacher_shares", columns: "*", condition: "? IN (student_id, teacher_id)"),
        Table(name: "teacher_invites", columns: "id, student_id, email, scopes, created_at, expires_at, accepted_at, accepted_by",
              condition: "student_id = ?"),
        Table(name: "comments", columns: "*", condition: "? IN (author_id, student_id)"),
        Table(name: "recordings", columns: "*", condition: "user_id = ?"),
        Table(name: "auth_sessions", columns: "id, created_at, last_used_at, revoked_at, revoked_reason", condition: "user_id = ?"),
        Table(name: "email_outbox", columns: "id, recipient, subject, created_at, sent_at",
              condition: "recipient = (SELECT email FROM users WHERE id = ?)"),
    ]

    /// Tables with a `user_id` column that are deliberately not exported, and why.
    public static let excluded: [String: String] = [
        "refresh_tokens": "hashes of credentials; the sessions they belong to are exported",
        "progress_revisions": "a counter that invalidates cached progress; it holds no user data",
        "events": "a day's delivery queue of ids for live subscriptions; the objects themselves are exported",
        "changes": "the sync feed's numbers and ids of records that are exported themselves",
        "change_heads": "the sync feed's counters; they hold no user data",
        "calendar_feeds": "the calendar feed's token is a credential; whether it is on is in the app",
    ]

    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The rows of every exported table for a user, by table name.
    public func rows(userID: String) throws -> [String: [[String: SQLValue]]] {
        var result: [String: [[String: SQLValue]]] = [:]
        for table in Self.tables {
            result[table.name] = try database.query(
                "SELECT \(table.columns) FROM \(table.name) WHERE \(table.condition) ORDER BY rowid", [.text(userID)]
            ) { row in
                var object: [String: SQLValue] = [:]
                for index in 0..<row.columnCount { object[row.columnName(index)] = row.value(index) }
                return object
            }
        }
        return result
    }

    /// The owner of the row with primary key `id` in `table`, or nil when there is none.
    /// `table` is one of `tables` (never client input).
    public func owner(table: String, id: String) throws -> String? {
        try database.first("SELECT user_id FROM \(table) WHERE id = ?", [.text(id)]) { $0.string(0) } ?? nil
    }

    /// Whether the user already has a row in `table` with `column` equal to `value`.
    public func exists(table: String, userID: String, column: String, value: SQLValue) throws -> Bool {
        try database.first("SELECT 1 FROM \(table) WHERE user_id = ? AND \(column) = ?", [.text(userID), value]) { _ in true } ?? false
    }

    /// Inserts a row (an import). Table and column names come from the export format, never
    /// from the client; values are bound. An existing row with the same key is left as it is.
    public func insert(table: String, values: [(column: String, value: SQLValue)]) throws {
        let columns = values.map(\.column).joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
        _ = try database.run("INSERT INTO \(table) (\(columns)) VALUES (\(placeholders)) ON CONFLICT DO NOTHING", values.map(\.value))
    }

    /// Sets columns of the user's own row in `users` (an imported profile).
    public func updateUser(id: String, values: [(column: String, value: SQLValue)]) throws {
        guard !values.isEmpty else { return }
        let assignments = values.map { "\($0.column) = ?" }.joined(separator: ", ")
        _ = try database.run("UPDATE users SET \(assignments) WHERE id = ?", values.map(\.value) + [.text(id)])
    }

    /// Names of the tables that have a `user_id` column.
    public func tablesWithUserColumn() throws -> [String] {
        // Each engine's own catalog.
        let catalog = switch database.dialect {
        case .sqlite:
            """
            SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) c
            WHERE m.type = 'table' AND c.name = 'user_id' ORDER BY m.name
            """
        case .postgres:
            """
            SELECT c.table_name AS name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.column_name = 'user_id'
            ORDER BY 1
            """
        }
        return try database.query(catalog) { $0.string(0) ?? "" }
    }
}
