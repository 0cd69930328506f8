@testable import Endpoint
import Foundation
import Services
import Storage
import Testing

@Suite("Storage failures")
struct StorageFailureTests {
    private func createLog(_ endpoint: Endpoint, _ token: String, notes: String) async -> APIResponse {
        let query = #"mutation($n: String) { createPracticeLog(input: {activityType: SCALES, durationSeconds: 60, notes: $n}) { id } }"#
        let body = #"{"query":\#(String(reflecting: query)),"variables":{"n":"\#(notes)"},"headers":{"authorization":"Bearer \#(token)"}}"#
        return await endpoint.respond(toBody: Array(body.utf8))
    }

    @Test("SQLite failures are classified by their named primary code, extended codes included; one place lists them")
    func namedCodes() throws {
        // Extended codes as SQLite reports them: IOERR_WRITE (10 | 3 << 8), BUSY_SNAPSHOT (5 | 2 << 8),
        // READONLY_DBMOVED (8 | 4 << 8), CONSTRAINT_UNIQUE (19 | 8 << 8), and plain MISUSE (21).
        for code: Int32 in [778, 517, 1032, 13] {
            #expect(StorageFailure.publicError(for: SQLiteError(code: code, message: ""))?.code == .serviceUnavailable, "\(code)")
        }
        for code: Int32 in [2067, 21] {
            #expect(StorageFailure.publicError(for: SQLiteError(code: code, message: "")) == nil, "\(code)")
        }
        #expect(SQLiteError(code: 2067, message: "").isConstraint)
        // The decision names SQLite's constants: no bare result numbers in either file.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for file in ["Sources/Storage/SQLiteError.swift", "Sources/Services/StorageFailure.swift"] {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let bare = text.split(separator: "\n").filter { line in
                !line.trimmingCharacters(in: .whitespaces).hasPrefix("///") && line.contains(/(==|contains\(|\[)\s*\d+\b/)
            }
            #expect(bare.isEmpty, "\(file): \(bare)")
        }
    }

    @Test("a full disk answers SERVICE_UNAVAILABLE, corrupts nothing, and writes resume when space returns", .sqliteOnly)
    func fullDisk() async throws {
        let endpoint = try TestDatabase.endpoint()
        let token = try await signIn(endpoint, email: "full@example.com")
        let pages = try endpoint.database.first("PRAGMA page_count") { $0.integer(0) ?? 0 } ?? 0
        // Cap the file at its current size: the next write that needs a page finds the disk full.
        try endpoint.database.configureEveryConnection("PRAGMA max_page_count = \(pages)")
        let note = String(repeating: "x", count: 8000)
        var failure: APIResponse?
        for _ in 0..<50 {
            let response = await createLog(endpoint, token, notes: note)
            if !response.errorCodes.isEmpty { failure = response; break }
        }
        let full = try #require(failure)
        #expect(full.errorCodes == [.serviceUnavailable])
        #expect(!full.body.contains("SQLITE") && !full.body.contains("database"))
        #expect(try endpoint.database.integrityCheck() == "ok")
        let stored = try endpoint.database.first("SELECT count(*) FROM practice_logs") { $0.integer(0) ?? 0 } ?? 0
        try endpoint.database.configureEveryConnection("PRAGMA max_page_count = 1073741823")
        let resumed = await createLog(endpoint, token, notes: note)
        #expect(resumed.errorCodes.isEmpty, "\(resumed.body)")
        #expect(try endpoint.database.first("SELECT count(*) FROM practice_logs") { $0.integer(0) } == stored + 1)
    }

    @Test("a read-only database answers SERVICE_UNAVAILABLE for writes and keeps serving reads")
    func readOnly() async throws {
        let endpoint = try TestDatabase.endpoint()
        let token = try await signIn(endpoint, email: "readonly@example.com")
        try TestDatabase.setReadOnly(endpoint.database, true)
        let write = await createLog(endpoint, token, notes: "n")
        #expect(write.errorCodes == [.serviceUnavailable])
        let read = await endpoint.respond(toBody: Array(#"{"query":"{ listSheetMusic(limit: 1) { totalCount } }"}"#.utf8))
        #expect(read.errorCodes.isEmpty)
        try TestDatabase.setReadOnly(endpoint.database, false)
        #expect(await createLog(endpoint, token, notes: "n").errorCodes.isEmpty)
    }
}
