import ArgumentParser
import Endpoint
import Foundation

/// The `mirubato` command: the API's stdin handler and its maintenance commands.
@main
struct Mirubato: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirubato",
        abstract: "Mirubato's GraphQL API: a practice tracker for pianists and guitarists.",
        subcommands: [Handle.self, Serve.self, Migrate.self, Seed.self, Progress.self, Mail.self, Remind.self, Recordings.self, Backup.self, Restore.self, Copy.self, PrintSchema.self, Benchmark.self]
    )

    /// Answers a CGI request when a CGI host started the process; parses `handle` without
    /// building the whole command tree: these are the per-request entry points, so their
    /// start-up time is the API's cold start.
    static func main() async {
        if CGI.isRequested { Glibc.exit(await CGI.answer()) }
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A one-request process with no options (what a per-request front end runs) skips the
        // argument parser: its first use costs the process about as much as a request.
        if arguments == [Handle.configuration.commandName] {
            Glibc.exit(await Handle.answer(configuration: Result { try Configuration() }, ndjson: false))
        }
        guard arguments.first == Handle.configuration.commandName,
              let command = try? Handle.parse(Array(arguments.dropFirst())) else {
            // Everything else, `--help` and bad options included, goes through the whole tree,
            // which also words usage and errors as `mirubato handle`.
            return await main(nil)
        }
        do {
            try await command.run()
        } catch {
            Handle.exit(withError: error)
        }
    }
}
