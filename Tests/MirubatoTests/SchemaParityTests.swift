import Domain
import Foundation
import Storage
import Testing

/// The two engines' migrations must build the same schema: a fresh SQLite file and a fresh
/// PostgreSQL database, each migrated, are read back through their own catalogs and compared.
/// Runs in the suite's PostgreSQL pass (it needs the server).
@Suite("SQLite and PostgreSQL schemas", .enabled(if: TestDatabase.usesPostgres, "needs the PostgreSQL test server"))
struct SchemaParityTests {
    /// What one catalog says, as comparable text lines.
    struct Catalog: Equatable {
        var tables: Set<String> = []
        /// `table.column` and whether it may be NULL.
        var columns: Set<String> = []
        /// `index on table(columns)`, with `unique` when it is.
        var indexes: Set<String> = []
        var triggers: Set<String> = []
        var views: Set<String> = []
        /// `table.column kind` (integer, real, text, boolean, blob: what the stores bind and read).
        var types: Set<String> = []
        /// `table.column default`, normalised (`now` for the current time on either engine).
        var defaults: Set<String> = []
        /// Each CHECK as `table [columns] literals numbers`: the columns it names and the
        /// constants it holds them to, which both engines print the same however they spell the rest.
        var checks: Set<String> = []
        /// `trigger: condition`, normalised (`row changed` for a whole-row comparison).
        var conditions: Set<String> = []
    }

    /// A declared type as the kind of value it holds.
    static func kind(_ declared: String) -> String {
        let type = declared.lowercased()
        if type.contains("int") { return "integer" }
        if type.contains("bool") { return "boolean" }
        if type.contains("real") || type.contains("double") || type.contains("floa") || type.contains("numeric") { return "real" }
        if type.contains("blob") || type.contains("bytea") { return "blob" }
        return "text"
    }

    /// A default as both engines mean it: the current time is `now`, casts and outer
    /// parentheses go, booleans read the same.
    static func normalisedDefault(_ text: String?, kind: String) -> String {
        guard var value = text?.lowercased(), value != "null" else { return "none" }
        if value.contains("strftime") || value.contains("mirubato_now") || value.contains("now()") { return "now" }
        value = value.replacing(/::[a-z ]+/, with: "")
        while value.hasPrefix("("), value.hasSuffix(")") { value = String(value.dropFirst().dropLast()) }
        if kind == "boolean" { value = ["1", "true"].contains(value) ? "true" : ["0", "false"].contains(value) ? "false" : value }
        return value
    }

    /// A CHECK's text as the columns of `columns` it names, its quoted literals and its numbers.
    static func check(_ text: String, table: String, columns: Set<String>) -> String {
        let lowered = text.lowercased()
        let literals = lowered.matches(of: /'([^']*)'/).map { String($0.1) }
        let unquoted = lowered.replacing(/'[^']*'/, with: " ")
        let names = Set(unquoted.matches(of: /[a-z_][a-z0-9_]*/).map { String($0.0) }).intersection(columns).sorted()
        // Whole tokens of digits only (not the 2 of `json2` nor the parts of `1.5`).
        let tokens = unquoted.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
        let numbers: [Int] = tokens.compactMap { token in token.allSatisfy(\.isNumber) ? Int(token) : nil }
        return "\(table) \(names) \(Set(literals).sorted()) \(Set(numbers).sorted())"
    }

    /// A trigger's condition, lower case, without parentheses or extra spaces, a whole-row
    /// comparison (SQLite's row values, PostgreSQL's `OLD IS DISTINCT FROM NEW`) as `row changed`.
    static func condition(_ text: String?) -> String {
        guard var value = text?.lowercased(), !value.isEmpty else { return "always" }
        value = value.replacing(/\(old\.[^)]*\)\s*is not\s*\(new\.[^)]*\)/, with: "row changed")
        value = value.replacing(/not \(([^()]+) is distinct from ([^()]+)\)/) { "\($0.1) is \($0.2)" }
        value = value.replacing("old.* is distinct from new.*", with: "row changed").replacing("old is distinct from new", with: "row changed")
        value = value.replacing(" is not distinct from ", with: " is ").replacing(" is distinct from ", with: " is not ")
        value = value.replacing("(", with: " ").replacing(")", with: " ")
        return value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Columns PostgreSQL has for what SQLite keeps implicitly (its rowid), and SQLite's own tables.
    private static func ignored(_ table: String, _ column: String) -> Bool { column == "rowid" }

    private func sqliteCatalog(_ database: Database) throws -> Catalog {
        var catalog = Catalog()
        let tables = try database.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'") { $0.string(0) ?? "" }
        catalog.tables = Set(tables)
        for table in tables {
            var names: Set<String> = []
            for (name, required, type, value) in try database.query(
                "SELECT name, \"notnull\" OR pk, type, dflt_value FROM pragma_table_info(?)", [.text(table)],
                { ($0.string(0) ?? "", $0.bool(1) ?? false, $0.string(2) ?? "", $0.string(3)) }) {
                catalog.columns.insert("\(table).\(name) \(required ? "NOT NULL" : "NULL")")
                catalog.types.insert("\(table).\(name) \(Self.kind(type))")
                catalog.defaults.insert("\(table).\(name) \(Self.normalisedDefault(value, kind: Self.kind(type)))")
                names.insert(name)
            }
            let create = try database.first("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(table)]) { $0.string(0) ?? "" } ?? ""
            for check in Self.checkBodies(create) { catalog.checks.insert(Self.check(check, table: table, columns: names)) }
            for (index, unique) in try database.query("SELECT name, \"unique\" FROM pragma_index_list(?) WHERE origin = 'c'", [.text(table)], { ($0.string(0) ?? "", $0.bool(1) ?? false) }) {
                let columns = try database.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(index)]) { $0.string(0) ?? "" }
                catalog.indexes.insert("\(unique ? "unique " : "")\(index) on \(table)(\(columns.joined(separator: ", ")))")
            }
        }
        // SQLite's change feed writes through a view's INSTEAD OF trigger (0020), its stand-in
        // for the one function PostgreSQL's triggers call (`mirubato_record_change`).
        let recorder: (view: String, trigger: String) = ("change_feed", "trg_change_feed")
        for (name, sql) in try database.query("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name <> ?", [.text(recorder.trigger)], { ($0.string(0) ?? "", $0.string(1) ?? "") }) {
            catalog.triggers.insert(name)
            let head = sql.components(separatedBy: "BEGIN")[0]
            let condition = head.firstMatch(of: /(?s)\bWHEN\b(.*)$/).map { String($0.1) }
            catalog.conditions.insert("\(name): \(Self.condition(condition))")
        }
        catalog.views = Set(try database.query("SELECT name FROM sqlite_schema WHERE type = 'view' AND name <> ?", [.text(recorder.view)]) { $0.string(0) ?? "" })
        return catalog
    }

    /// The expressions of the CHECK constraints in a CREATE TABLE statement (balanced parentheses).
    static func checkBodies(_ create: String) -> [String] {
        var bodies: [String] = []
        var rest = Substring(create)
        while let range = rest.range(of: "CHECK", options: .caseInsensitive) {
            rest = rest[range.upperBound...]
            guard let open = rest.firstIndex(of: "(") else { break }
            var depth = 0
            var index = open
            while index < rest.endIndex {
                if rest[index] == "(" { depth += 1 }
                if rest[index] == ")" { depth -= 1; if depth == 0 { break } }
                index = rest.index(after: index)
            }
            bodies.append(String(rest[rest.index(after: open)..<min(index, rest.endIndex)]))
            rest = rest[min(index, rest.endIndex)...]
        }
        return bodies
    }

    private func postgresCatalog(_ database: Database) throws -> Catalog {
        var catalog = Catalog()
        catalog.tables = Set(try database.query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'"
        ) { $0.string(0) ?? "" })
        var names: [String: Set<String>] = [:]
        for (table, column, nullable, type, value) in try database.query(
            "SELECT table_name, column_name, is_nullable, data_type, column_default FROM information_schema.columns WHERE table_schema = current_schema()",
            [], { ($0.string(0) ?? "", $0.string(1) ?? "", $0.string(2) == "YES", $0.string(3) ?? "", $0.string(4)) })
        where catalog.tables.contains(table) && !Self.ignored(table, column) {
            catalog.columns.insert("\(table).\(column) \(nullable ? "NULL" : "NOT NULL")")
            catalog.types.insert("\(table).\(column) \(Self.kind(type))")
            catalog.defaults.insert("\(table).\(column) \(Self.normalisedDefault(value, kind: Self.kind(type)))")
            names[table, default: []].insert(column)
        }
        for (table, definition) in try database.query(
            """
            SELECT t.relname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.contype = 'c' AND n.nspname = current_schema()
            """, [], { ($0.string(0) ?? "", $0.string(1) ?? "") }) where catalog.tables.contains(table) {
            let body = definition.hasPrefix("CHECK ") ? String(definition.dropFirst("CHECK ".count)) : definition
            catalog.checks.insert(Self.check(body, table: table, columns: names[table] ?? []))
        }
        // Indexes made with CREATE INDEX, not those behind PRIMARY KEY and UNIQUE constraints (SQLite's origin 'c').
        let indexes = try database.query(
            """
            SELECT i.relname AS index, t.relname AS tbl, x.indisunique AS uniq,
              (SELECT string_agg(a.attname, ', ' ORDER BY array_position(x.indkey::int2[], a.attnum)) FROM pg_attribute a
               WHERE a.attrelid = t.oid AND a.attnum = ANY(x.indkey::int2[])) AS columns
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """) { row in (row.string(0) ?? "", row.string(1) ?? "", row.bool(2) ?? false, row.string(3) ?? "") }
        for (index, table, unique, columns) in indexes where table != "schema_migrations" {
            catalog.indexes.insert("\(unique ? "unique " : "")\(index) on \(table)(\(columns))")
        }
        for (name, condition) in try database.query(
            "SELECT DISTINCT trigger_name, action_condition FROM information_schema.triggers WHERE trigger_schema = current_schema()",
            [], { ($0.string(0) ?? "", $0.string(1)) }) {
            catalog.triggers.insert(name)
            catalog.conditions.insert("\(name): \(Self.condition(condition))")
        }
        catalog.views = Set(try database.query(
            "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()") { $0.string(0) ?? "" })
        return catalog
    }

    @Test("the migrated schemas have the same tables, columns (nullability, kind, default), CHECKs, indexes, triggers (and their conditions) and views")
    func sameSchema() throws {
        let sqlite = try Database(path: TestDatabase.makeFolder() + "/parity.db")
        try Migrator().migrate(sqlite)
        let postgres = try TestDatabase.freshDatabase()
        let (left, right) = (try sqliteCatalog(sqlite), try postgresCatalog(postgres))
        #expect(left.tables == right.tables, "tables only in SQLite: \(left.tables.subtracting(right.tables)); only in PostgreSQL: \(right.tables.subtracting(left.tables))")
        #expect(left.columns == right.columns, "only in SQLite: \(left.columns.subtracting(right.columns).sorted()); only in PostgreSQL: \(right.columns.subtracting(left.columns).sorted())")
        #expect(left.indexes == right.indexes, "only in SQLite: \(left.indexes.subtracting(right.indexes).sorted()); only in PostgreSQL: \(right.indexes.subtracting(left.indexes).sorted())")
        #expect(left.triggers == right.triggers, "only in SQLite: \(left.triggers.subtracting(right.triggers).sorted()); only in PostgreSQL: \(right.triggers.subtracting(left.triggers).sorted())")
        #expect(left.views == right.views)
        for (what, sqliteSide, postgresSide) in [("types", left.types, right.types), ("defaults", left.defaults, right.defaults),
                                                 ("checks", left.checks, right.checks), ("trigger conditions", left.conditions, right.conditions)] {
            #expect(sqliteSide == postgresSide,
                    "\(what) only in SQLite: \(sqliteSide.subtracting(postgresSide).sorted()); only in PostgreSQL: \(postgresSide.subtracting(sqliteSide).sorted())")
        }
    }
}
