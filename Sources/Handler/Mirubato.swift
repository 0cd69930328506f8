import ArgumentParser

/// The `mirubato` command: the API's stdin handler and its maintenance commands.
@main
struct Mirubato: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirubato",
        abstract: "Mirubato's GraphQL API: a practice tracker for pianists and guitarists.",
        subcommands: [Handle.self, Serve.self, Migrate.self, Seed.self, Progress.self, Mail.self, Backup.self, Restore.self, PrintSchema.self, Benchmark.self]
    )

    /// Parses `handle` without building the whole command tree: it is the per-request entry
    /// point, so its start-up time is the API's cold start.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
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
