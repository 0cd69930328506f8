import ArgumentParser
import Endpoint
import Foundation
import Storage

/// `mirubato copy --from PATH --to postgres://…`: moves a SQLite database into an empty
/// PostgreSQL one, in one transaction, checked row for row.
struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a SQLite database into an empty PostgreSQL database (one transaction, checked row for row).")

    @Option(help: "The SQLite database to copy (migrated first if it is behind).")
    var from: String

    @Option(help: "The PostgreSQL database (postgres://…), migrated first; it must hold no users or pieces yet.")
    var to: String

    func run() throws {
        try reportingFailure("copy") {
            guard case .postgres(let uri) = DatabaseLocation(to) else { throw ValidationError("--to must be a postgres:// or postgresql:// URI") }
            guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("there is no database at \(from)") }
            let source = try Database(path: from)
            try Migrator().migrate(source)
            let target = try Database(postgres: uri)
            try Migrator().migrate(target)
            let copied = try DatabaseCopier(from: source, to: target).copy()
            for table in copied { print("\(table.table): \(table.rows) rows, equal on both sides") }
            print("Copied \(from) into \(DatabaseLocation.postgres(uri: uri).displayName): \(copied.reduce(0) { $0 + $1.rows }) rows in \(copied.count) tables.")
        }
    }
}
