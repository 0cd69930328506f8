import Foundation

/// A golden case: `Golden/<name>.request.json` (the exact stdin bytes) and
/// `Golden/<name>.response.json` (the expected response, laid out by `JSONLayout`).
struct GoldenCase: CustomTestStringConvertible, Sendable {
    /// The folder of the golden files, beside this test target's sources.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    /// Every case, by name.
    static let all: [GoldenCase] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".request.json") }.sorted()
            .map { GoldenCase(name: String($0.dropLast(".request.json".count))) }
    }()

    /// Whether `RECORD_GOLDEN=1` asks to rewrite the expected responses.
    static let isRecording = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"

    let name: String

    var testDescription: String { name }

    var requestURL: URL { Self.folder.appendingPathComponent("\(name).request.json") }
    var responseURL: URL { Self.folder.appendingPathComponent("\(name).response.json") }

    /// The request bytes.
    func request() throws -> [UInt8] {
        Array(try Data(contentsOf: requestURL))
    }

    /// The expected response text, or nil when none is recorded yet.
    func expectedResponse() -> String? {
        try? String(contentsOf: responseURL, encoding: .utf8)
    }
}

import Testing
