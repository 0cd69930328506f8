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
    }

    /// Columns PostgreSQL has for what SQLite keeps implicitly (its rowid), and SQLite's own tables.
    private static func ignored(_ table: String, _ column: String) -> Bool { column == "rowid" }

    private func sqliteCatalog(_ database: Database) throws -> Catalog {
        var catalog = Catalog()
        let tables = try database.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'") { $0.string(0) ?? "" }
        catalog.tables = Set(tables)
        for table in tables {
            for (name, required) in try database.query("SELECT name, \"notnull\" OR pk FROM pragma_table_info(?)", [.text(table)], { ($0.string(0) ?? "", $0.bool(1) ?? false) }) {
                catalog.columns.insert("\(table).\(name) \(required ? "NOT NULL" : "NULL")")
            }
            for (index, unique) in try database.query("SELECT name, \"unique\" FROM pragma_index_list(?) WHERE origin = 'c'", [.text(table)], { ($0.string(0) ?? "", $0.bool(1) ?? false) }) {
                let columns = try database.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(index)]) { $0.string(0) ?? "" }
                catalog.indexes.insert("\(unique ? "unique " : "")\(index) on \(table)(\(columns.joined(separator: ", ")))")
            }
        }
        catalog.triggers = Set(try database.query("SELECT name FROM sqlite_schema WHERE type = 'trigger'") { $0.string(0) ?? "" })
        catalog.views = Set(try database.query("SELECT name FROM sqlite_schema WHERE type = 'view'") { $0.string(0) ?? "" })
        return catalog
    }

    private func postgresCatalog(_ database: Database) throws -> Catalog {
        var catalog = Catalog()
        catalog.tables = Set(try database.query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'"
        ) { $0.string(0) ?? "" })
        for (table, column, nullable) in try database.query(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()",
            [], { ($0.string(0) ?? "", $0.string(1) ?? "", $0.string(2) == "YES") }) where catalog.tables.contains(table) && !Self.ignored(table, column) {
            catalog.columns.insert("\(table).\(column) \(nullable ? "NULL" : "NOT NULL")")
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
        catalog.triggers = Set(try database.query(
            "SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = current_schema()") { $0.string(0) ?? "" })
        catalog.views = Set(try database.query(
            "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()") { $0.string(0) ?? "" })
        return catalog
    }

    @Test("the migrated schemas have the same tables, columns and nullability, indexes, triggers and views")
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
    }
}
