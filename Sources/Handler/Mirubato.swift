import ArgumentParser

/// The `mirubato` command: the API's stdin handler and its maintenance commands.
@main
struct Mirubato: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirubato",
        abstract: "Mirubato's GraphQL API: a practice tracker for pianists and guitarists.",
        subcommands: [Handle.self, Serve.self, Migrate.self, Seed.self, Progress.self, Mail.self, Backup.self, Restore.self, PrintSchema.self, Benchmark.self]
    )
}
