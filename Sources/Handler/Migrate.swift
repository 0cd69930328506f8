import ArgumentParser
import Endpoint
import Foundation
import Storage

/// `mirubato migrate`: applies pending migrations, each in its own transaction.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (idempotent).")

    @OptionGroup var store: StoreOptions

    @Flag(help: "List applied and pending migrations without applying anything.")
    var status = false

    func run() throws {
        let configuration = try store.configuration()
        try reportingFailure("migrate") {
            if status {
                let database = try Runtime.connectDatabase(configuration)
                let migrator = Migrator()
                for record in try migrator.applied(database) { print("applied  \(record.name)") }
                for migration in try migrator.pending(database) { print("pending  \(migration.name)") }
                return
            }
            let database = try Runtime.connectDatabase(configuration)
            let applied = try Migrator().migrate(database, clock: configuration.clock)
            print(applied.isEmpty ? "Database is up to date." : applied.map { "applied  \($0.name)" }.joined(separator: "\n"))
        }
    }
}
