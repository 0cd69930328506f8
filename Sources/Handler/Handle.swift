import ArgumentParser
import Endpoint
import Foundation

/// `mirubato handle`: one JSON request on stdin, one JSON response on stdout.
struct Handle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handle",
        abstract: "Answer a GraphQL request read from stdin ({query, variables, operationName, extensions, headers}).",
        discussion: """
            Exits 0 for every GraphQL response, errors included. Input that is not a request (not JSON, \
            not an object, over the size limit) exits 2 with a reason on stderr and a GraphQL-shaped error on stdout.
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Read one request per line until end of input and answer one line each.")
    var ndjson = false

    func run() async throws {
        let endpoint: Endpoint
        do {
            endpoint = try Endpoint(configuration: store.configuration())
        } catch {
            FileHandle.standardError.write(Data("mirubato: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if ndjson {
            var malformed = false
            while let line = readLine(strippingNewline: true) {
                guard !line.allSatisfy(\.isWhitespace) else { continue }
                let response = await endpoint.respond(toBody: Array(line.utf8))
                malformed = malformed || response.outcome == .malformed
                emit(response)
            }
            if malformed { throw ExitCode(2) }
            return
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let response = await endpoint.respond(toBody: Array(input))
        emit(response)
        if response.outcome == .malformed { throw ExitCode(2) }
    }

    private func emit(_ response: APIResponse) {
        if response.outcome == .malformed {
            FileHandle.standardError.write(Data("mirubato: \(response.reason ?? "input is not a GraphQL request")\n".utf8))
        }
        FileHandle.standardOutput.write(Data((response.body + "\n").utf8))
    }
}
