import ArgumentParser
import GraphQL
import Schema

/// `mirubato print-schema`: the running schema as SDL.
struct PrintSchema: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print-schema", abstract: "Print the GraphQL schema (SDL).")

    func run() throws {
        print(printSchema(schema: try APISchema.make().schema))
    }
}
