import ArgumentParser
import Endpoint
import Foundation
import Services

/// `mirubato seed`: loads the catalogue and generated exercises, and optionally demo users with
/// a practice history (for load tests and scale measurements).
struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the sheet-music catalogue (idempotent); optionally add demo users.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Add this many demo users (demo-N@example.com) with a practice history.")
    var demoUsers = 0

    @Option(help: "Practice logs per demo user, spread over up to three years.")
    var logsPerUser = 1_000

    func run() throws {
        let configuration = try store.configuration()
        try reportingFailure("seed") {
            let runtime = try Runtime(configuration: configuration)
            let report = try runtime.seedCatalogue()
            print("Catalogue: \(report.total) pieces, \(report.written) written.")
            guard demoUsers > 0 else { return }
            guard logsPerUser >= 0 else { throw ValidationError("--logs-per-user must not be negative") }
            let demo = try runtime.demoData().generate(users: demoUsers, logsPerUser: logsPerUser) { line in
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
            print("Demo: \(demo.users) users, \(demo.logs) logs, \(demo.sessions) sessions.")
        }
    }
}
