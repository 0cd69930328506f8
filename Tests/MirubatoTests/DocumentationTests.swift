import Foundation
import Testing

/// What the project's prose names must exist: a file path written in the README, a doc comment,
/// a script or a test that no longer points anywhere is a stale statement a newcomer will trust.
@Suite("Documentation")
struct DocumentationTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The text files whose prose names paths: the README, the Swift sources and tests, the scripts
    /// and suites.
    private static func documents() -> [URL] {
        var found = [root.appendingPathComponent("README.md")]
        for folder in ["Sources", "Tests", "scripts", "Benchmarks"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if ["swift", "py", "md"].contains(url.pathExtension) { found.append(url) }
            }
        }
        return found
    }

    @Test("every project path named in the README, doc comments, scripts and suites exists")
    func namedPathsExist() throws {
        let path = /\b(?:Sources|Tests|Migrations|scripts|web|Benchmarks|docs)\/[A-Za-z0-9_+.\/-]*[A-Za-z0-9_]/
        var missing: [String] = []
        for document in Self.documents() {
            let text = try String(contentsOf: document, encoding: .utf8)
            for match in text.matches(of: path) {
                let named = String(match.output)
                // Placeholders (`NAME.graphql`, `NNNN_name.sql`) stand for files, not name one.
                if named.contains("NAME") || named.contains("NNNN") { continue }
                if !FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(named).path) {
                    missing.append("\(document.lastPathComponent): \(named)")
                }
            }
        }
        #expect(missing.isEmpty, "\(missing)")
    }
}
