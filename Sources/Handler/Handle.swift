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
        await answer()
    }

    /// Answers with these options and ends the process (`answer(configuration:ndjson:)`).
    func answer() async -> Never {
        await Self.answer(configuration: { try store.configuration() }, ndjson: ndjson)
    }

    /// Answers stdin's request (or, with `ndjson`, each line's) over an endpoint for the
    /// configuration, then ends the process (`exitAnswered`) with status 0, 1 when the endpoint
    /// cannot open, or 2 for input that is not a request. `main` calls it without the argument
    /// parser when no option is given.
    ///
    /// The configuration comes as a closure, not a `Result`: making `Result<_, any Error>`'s type
    /// at run time checks that `any Error` conforms to `Error`, a scan of every conformance in the
    /// binary (0.1 ms), which a one-request process does not need.
    static func answer(configuration: () throws -> Configuration, ndjson: Bool) async -> Never {
        let endpoint: Endpoint
        do {
            var configuration = try configuration()
            // With --ndjson it answers many, but as one process among others all the same.
            configuration.answersOneRequest = true
            // One request prepares its document once: nothing to keep.
            if !ndjson { configuration.documentCacheSize = 0 }
            endpoint = try Endpoint(configuration: configuration)
        } catch {
            FileHandle.standardError.write(Data("mirubato: \(error)\n".utf8))
            Foundation.exit(1)
        }
        if ndjson {
            var malformed = false
            while let line = readLine(strippingNewline: true) {
                guard !line.allSatisfy(\.isWhitespace) else { continue }
                let response = await endpoint.respond(toBody: Array(line.utf8))
                malformed = malformed || response.outcome == .malformed
                emit(response)
            }
            exitAnswered(malformed ? 2 : 0, keeping: endpoint)
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let response = await endpoint.respond(toBody: Array(input))
        emit(response)
        exitAnswered(response.outcome == .malformed ? 2 : 0, keeping: endpoint)
    }

    private static func emit(_ response: APIResponse) {
        if response.outcome == .malformed {
            FileHandle.standardError.write(Data("mirubato: \(response.reason ?? "input is not a GraphQL request")\n".utf8))
        }
        // Bytes straight to write(2): `Data(_:)` over a string's UTF-8 view asks at run time
        // whether the view is `ContiguousBytes`, another scan of every conformance (0.1 ms).
        var line = Array(response.body.utf8)
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { _ = Descriptor.writeWhole(1, $0) }
    }
}
