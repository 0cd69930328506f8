import ArgumentParser
import Endpoint
import Foundation

/// `mirubato progress`: maintenance of derived progress.
struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Maintain derived progress.", subcommands: [Rebuild.self])

    /// `mirubato progress rebuild`: recomputes derived progress from the logs.
    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every log's local day and all derived progress (practice days, progress rows, achievements, goals) from the logs.")

        @OptionGroup var store: StoreOptions

        @Option(help: "Only this user's id.")
        var user: String?

        func run() throws {
            let configuration = try store.configuration()
            try reportingFailure("progress rebuild") {
                let count = try Runtime(configuration: configuration).services.progress.rebuild(userID: user)
                print("Rebuilt the progress of \(count) user\(count == 1 ? "" : "s").")
            }
        }
    }
}
