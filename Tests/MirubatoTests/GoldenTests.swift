import Endpoint
import Foundation
import Testing

/// Every golden request, answered in-process and by the real `mirubato handle` binary, on a
/// fresh seeded database, must match its recorded response. `RECORD_GOLDEN=1` rewrites them.
@Suite("Golden requests")
struct GoldenTests {
    @Test("there are enough golden cases")
    func enoughCases() {
        #expect(GoldenCase.all.count >= 25)
    }

    @Test("in-process", arguments: GoldenCase.all)
    func inProcess(_ golden: GoldenCase) async throws {
        let endpoint = try TestDatabase.endpoint()
        let response = await endpoint.respond(toBody: try golden.request())
        let actual = JSONLayout.pretty(response.body)
        if GoldenCase.isRecording {
            // As snapshot tools do: a recording run fails, so it is never mistaken for a pass.
            let before = golden.expectedResponse()
            try actual.write(to: golden.responseURL, atomically: true, encoding: .utf8)
            Issue.record("recorded \(golden.name).response.json\(before == actual ? " (unchanged)" : ""); run again without RECORD_GOLDEN to test")
            return
        }
        let expected = try #require(golden.expectedResponse(), "no \(golden.name).response.json: run with RECORD_GOLDEN=1")
        #expect(actual == expected, "\(golden.name) differs:\n\(TextDiff.describe(expected: expected, actual: actual))")
    }

    @Test("through mirubato handle", arguments: GoldenCase.all)
    func throughBinary(_ golden: GoldenCase) async throws {
        let paths = try TestDatabase.freshCopy()
        let request = try golden.request()
        let output = try await HandlerBinary.run(
            ["handle"], environment: TestDatabase.environment(database: paths.database, kv: paths.kv), stdin: request)
        let actual = JSONLayout.pretty(output.stdout)
        let inProcess = try await TestDatabase.endpoint().respond(toBody: request)
        // While recording, the binary must agree with the in-process answer being recorded.
        let expected = GoldenCase.isRecording
            ? JSONLayout.pretty(inProcess.body)
            : try #require(golden.expectedResponse(), "no \(golden.name).response.json")
        #expect(actual == expected, "\(golden.name) differs:\n\(TextDiff.describe(expected: expected, actual: actual))")
        // Exit 2 exactly for input that is not a request, with a one-line reason on stderr.
        let malformed = inProcess.outcome == .malformed
        #expect(output.status == (malformed ? 2 : 0), "exit status \(output.status); stderr: \(output.stderr)")
        if malformed {
            #expect(output.stderr.split(separator: "\n").count == 1)
        }
    }
}

/// The binary's other behaviours a script relies on.
@Suite("mirubato handle")
struct HandleCommandTests {
    @Test("--ndjson answers one line per request and exits 2 when a line was not a request")
    func ndjson() throws {
        let paths = try TestDatabase.freshCopy()
        let environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
        let good = try HandlerBinary.run(
            ["handle", "--ndjson"], environment: environment,
            stdin: Array("{\"query\":\"{ __typename }\"}\n\n{\"query\":\"{ listSheetMusic(limit: 1) { totalCount } }\"}\n".utf8))
        #expect(good.status == 0)
        let cost = { (units: Int) in ",\"extensions\":{\"cost\":{\"requested\":\(units),\"actual\":\(units),\"limit\":300000}}}\n" }
        #expect(good.stdout == "{\"data\":{\"__typename\":\"Query\"}" + cost(1) + "{\"data\":{\"listSheetMusic\":{\"totalCount\":109}}" + cost(2))
        let mixed = try HandlerBinary.run(
            ["handle", "--ndjson"], environment: environment, stdin: Array("nope\n{\"query\":\"{ __typename }\"}\n".utf8))
        #expect(mixed.status == 2)
        #expect(mixed.stdout.split(separator: "\n").count == 2)
        #expect(mixed.stdout.hasSuffix("{\"data\":{\"__typename\":\"Query\"}" + cost(1)))
    }

    @Test("MIRUBATO_MAIL=log prints the magic link on stderr as well")
    func mailLog() throws {
        let paths = try TestDatabase.freshCopy()
        var environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
        environment["MIRUBATO_MAIL"] = "log"
        let output = try HandlerBinary.run(
            ["handle"], environment: environment,
            stdin: Array(#"{"query":"mutation { requestMagicLink(email: \"log@example.com\") { success } }"}"#.utf8))
        #expect(output.status == 0)
        #expect(output.stderr.contains("/auth/verify?token="))
        #expect(!output.stdout.contains("token"))
    }

    @Test("print-schema prints the SDL file")
    func printSchema() throws {
        let output = try HandlerBinary.run(["print-schema"], environment: [:], stdin: [])
        let file = try String(contentsOf: GoldenCase.folder.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Schema/schema.graphql"), encoding: .utf8)
        #expect(output.status == 0)
        #expect(output.stdout == file)
    }
}
