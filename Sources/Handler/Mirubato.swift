import ArgumentParser
import Endpoint
import Foundation

/// The `mirubato` command: the API's stdin handler and its maintenance commands.
struct Mirubato: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirubato",
        abstract: "Mirubato's GraphQL API: a practice tracker for pianists and guitarists.",
        subcommands: [Handle.self, Serve.self, Migrate.self, Seed.self, Progress.self, Mail.self, Remind.self, Recordings.self, Backup.self, Restore.self, Copy.self, PrintSchema.self, Benchmark.self]
    )

    /// Answers a per-request entry point (a CGI request, `mirubato handle`) on the calling
    /// thread and answers its exit status; nil for every other command. These are the API's cold
    /// start, so they skip what they do not need: the whole command tree (`handle` with no options
    /// skips the argument parser, whose first use costs about as much as a request) and the
    /// shared pool of an async `main` (four threads, each with a memory arena of its own).
    static func answerOnThisThread() -> Int32? {
        if CGI.isRequested { return WorkerExecutor().run { () async -> Int32 in await CGI.answer() } }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == [Handle.configuration.commandName] {
            return WorkerExecutor().run { () async -> Int32 in await Handle.answer(configuration: { try Configuration() }, ndjson: false) }
        }
        // Everything else, `--help` and bad options included, goes through the whole tree,
        // which also words usage and errors as `mirubato handle`.
        guard arguments.first == Handle.configuration.commandName,
              let command = try? Handle.parse(Array(arguments.dropFirst())) else { return nil }
        return WorkerExecutor().run { () async -> Int32 in await command.answer() }
    }
}
