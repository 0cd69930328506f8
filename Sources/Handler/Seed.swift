import ArgumentParser
import Endpoint
import Foundation
import Services

/// `mirubato seed`: loads the catalogue and generated exercises.
struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the sheet-music catalogue (idempotent).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let configuration = try store.configuration()
        try reportingFailure("seed") {
            let database = try Endpoint.openDatabase(configuration)
            let report = try Seeder(database: database, clock: configuration.clock).seed()
            print("Catalogue: \(report.total) pieces, \(report.written) written.")
        }
    }
}
