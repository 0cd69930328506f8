import ArgumentParser
import Schema

/// `mirubato print-schema`: the running schema as SDL.
struct PrintSchema: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print-schema", abstract: "Print the GraphQL schema (SDL).")

    func run() throws {
        print(try APISchema.make().printedSDL())
    }
}
