/// The engine a connection speaks, for the few places that act differently on each (locks,
/// retries, catalog reads); never to pick SQL. The project's SQL is written once, in SQLite's
/// spelling: PostgreSQL is taught the SQLite functions and operators the stores use
/// (`instr`, `json_each`, two-argument `max`, `+column`, `COLLATE NOCASE`, …) in
/// `Migrations/postgres/0002_sqlite_functions.sql`, so each store sends one statement to both.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres
}
