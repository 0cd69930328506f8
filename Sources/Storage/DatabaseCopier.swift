/// Moves a SQLite database into an empty PostgreSQL one (`mirubato copy`): every table's rows
/// in one transaction, then checked row for row against the source.
public struct DatabaseCopier {
    /// The tables in an order that respects their foreign keys. A table the source has and this
    /// list lacks stops the copy: a new migration must say where its table goes.
    static let tables = [
        "users", "sheet_music", "plan_items", "practice_sessions", "practice_logs", "progress_tracking", "user_sheet_music_progress",
        "practice_templates", "magic_links", "auth_sessions", "refresh_tokens", "email_outbox", "events", "practice_days",
        "progress_revisions", "catalogue_revision", "user_achievements", "goals", "practice_day_details",
        "repertoire", "repertoire_status_changes", "piece_terms", "change_heads", "changes",
        "reminders_sent", "calendar_feeds", "teacher_invites", "teacher_shares", "comments", "recordings", "recording_chunks",
    ]

    /// Why a copy was refused or did not match.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// How many rows one table holds on both sides after the copy.
    public struct Copied: Sendable, Equatable {
        public let table: String
        public let rows: Int
    }

    let source: Database
    let target: Database

    /// A copier from a migrated SQLite database to a migrated PostgreSQL one.
    public init(from source: Database, to target: Database) {
        self.source = source
        self.target = target
    }

    /// Copies every row, then compares both sides; throws without changing the target when it is
    /// not empty, and rolls the whole copy back when any table differs.
    public func copy() throws -> [Copied] {
        guard source.dialect == .sqlite, target.dialect == .postgres else { throw Failure(description: "copy goes from a SQLite file to PostgreSQL") }
        let present = Set(try source.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'") { $0.string(0) ?? "" })
        if let unknown = present.subtracting(Self.tables).sorted().first { throw Failure(description: "the source has a table \(unknown) that copy does not know") }
        return try target.transaction { db in
            for table in ["users", "sheet_music"] where try db.first("SELECT count(*) FROM \(table)") { $0.integer(0) ?? 0 } ?? 0 > 0 {
                throw Failure(description: "the target database already holds \(table); copy into an empty, migrated database")
            }
            var copied: [Copied] = []
            for table in Self.tables where present.contains(table) {
                let columns = try source.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(table)]) { $0.string(0) ?? "" }
                let list = columns.joined(separator: ", ")
                let rows = try source.query("SELECT \(list) FROM \(table)") { row in (0..<row.columnCount).map(row.value) }
                // The feed's triggers wrote a feed of their own while the rows above went in: it
                // is replaced by the source's, so clients' cursors stay valid across the move.
                if table == "change_heads" {
                    try db.run("DELETE FROM changes")
                    try db.run("DELETE FROM change_heads")
                }
                // The singleton revision row exists from the migration; the rest are inserted as they are.
                if table == "catalogue_revision" {
                    for row in rows { try db.run("UPDATE catalogue_revision SET revision = ? WHERE id = ?", [row[1], row[0]]) }
                } else {
                    let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
                    for row in rows { try db.run("INSERT INTO \(table) (\(list)) VALUES (\(placeholders))", row) }
                }
                if table == "events" {
                    // Explicit ids leave the identity behind: new events must follow the copied ones.
                    _ = try db.query("SELECT setval(pg_get_serial_sequence('events', 'id'), greatest(coalesce(max(id), 0), 1)) FROM events") { _ in () }
                }
                let back = try db.query("SELECT \(list) FROM \(table)") { row in (0..<row.columnCount).map(row.value) }
                guard Self.canonical(rows) == Self.canonical(back) else {
                    throw Failure(description: "\(table) differs after the copy (\(rows.count) rows in the source, \(back.count) in the target); nothing was copied")
                }
                copied.append(Copied(table: table, rows: rows.count))
            }
            return copied
        }
    }

    /// Rows as sorted text lines, so the engines' orders and spellings of the same value compare
    /// equal (a flag is 1 on both sides, a real the same Double).
    private static func canonical(_ rows: [[SQLValue]]) -> [String] {
        rows.map { row in
            row.map { value in
                switch value {
                case .null: "∅"
                case .integer(let number): "i\(number)"
                case .real(let number): number == number.rounded() && abs(number) < 1e15 ? "i\(Int64(number))" : "r\(number)"
                case .text(let text): "t" + text
                case .blob(let bytes): "b\(bytes)"
                }
            }.joined(separator: "\u{1F}")
        }.sorted()
    }
}
