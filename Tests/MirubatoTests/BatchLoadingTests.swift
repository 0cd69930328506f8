import Domain
@testable import Endpoint
import Foundation
import Storage
import Testing

/// Lists load each nested field in one statement, whatever their length (no N+1).
@Suite("Batched loading")
struct BatchLoadingTests {
    private let fur = "EzcWMdkoy6K28pdjjJ4YI"

    @Test("statements for a session list do not grow with the list", .sqliteOnly)
    func sessionsList() async throws {
        let endpoint = try TestDatabase.endpoint()
        // Sign in, then 50 completed sessions, each with a log of a piece.
        let access = try await signIn(endpoint, email: "batch@example.com")
        func run(_ query: String, at time: String) async -> APIResponse {
            let request = #"{"query":\#(JSONWriter.string(.string(query))),"headers":{"authorization":"Bearer \#(access)","x-mirubato-now":"\#(time)"}}"#
            return await endpoint.respond(toBody: Array(request.utf8))
        }
        let writes = StatementLog()
        endpoint.database.trace { writes.append($0) }
        for index in 0..<50 {
            let time = TestDatabase.now.adding(seconds: Int64(index) * 10).iso8601
            _ = await run("mutation { startPracticeSession(input: {instrument: PIANO, sheetMusicId: \"\(fur)\"}) { id } }", at: time)
            let open = try #require(try endpoint.database.first("SELECT id FROM practice_sessions WHERE status = 'in_progress'") { $0.string(0) } ?? nil)
            _ = await run("mutation { createPracticeLog(input: {sessionId: \"\(open)\", activityType: SCALES, durationSeconds: 10, sheetMusicId: \"\(fur)\"}) { id } }", at: time)
            _ = await run("mutation { completePracticeSession(input: {sessionId: \"\(open)\"}) { id } }", at: time)
        }
        endpoint.database.trace(nil)
        // A statement about one session's logs must find them by the session, not walk the user's
        // whole history (the planner prefers a user index without help).
        let aboutOneSession = writes.statements.filter { $0.contains("FROM practice_logs WHERE session_id =") }
        #expect(!aboutOneSession.isEmpty)
        for statement in Set(aboutOneSession) {
            let plan = try endpoint.database.query("EXPLAIN QUERY PLAN " + statement) { $0.string(3) ?? "" }
            #expect(!plan.contains { $0.hasSuffix("(user_id=?)") }, "\(statement)\n\(plan)")
        }
        func statements(limit: Int) async throws -> [String] {
            let seen = StatementLog()
            endpoint.database.trace { seen.append($0) }
            let response = await run(
                "{ myPracticeSessions(limit: \(limit)) { edges { node { id user { id } sheetMusic { title myProgress { timesPracticed } } logs { id sheetMusic { title } session { id } } } } } }",
                at: TestDatabase.now.adding(seconds: 600).iso8601)
            endpoint.database.trace(nil)
            #expect(response.errorCodes.isEmpty, "\(response.body.prefix(300))")
            #expect(response.body.components(separatedBy: "\"logs\":[{").count - 1 == limit)
            return seen.statements
        }
        let small = try await statements(limit: 5).count
        let large = try await statements(limit: 50)
        #expect(small == large.count, "5 sessions took \(small) statements, 50 took \(large.count)")
        #expect(large.count < 20)
        // A batched load must find its rows by their ids: searching by the user alone would walk
        // the user's whole history (the planner picks that without help; see LogStore).
        for statement in large where statement.contains("json_each") {
            let plan = try endpoint.database.query("EXPLAIN QUERY PLAN " + statement) { $0.string(3) ?? "" }
            #expect(!plan.contains { $0.hasSuffix("(user_id=?)") }, "\(statement)\n\(plan)")
        }
    }

    @Test("a cached myProgress reads the profile and the cache's revision in one statement, and nothing else but the session")
    func cachedProgressStatements() async throws {
        let endpoint = try TestDatabase.endpoint()
        let access = try await signIn(endpoint, email: "progress-count@example.com")
        let request = Array(#"{"query":"{ myProgress { level currentStreak } }","headers":{"authorization":"Bearer \#(access)"}}"#.utf8)
        #expect(await endpoint.respond(toBody: request).errorCodes.isEmpty)  // fills the cache
        let seen = StatementLog()
        endpoint.database.trace { seen.append($0) }
        #expect(await endpoint.respond(toBody: request).errorCodes.isEmpty)
        endpoint.database.trace(nil)
        let statements = seen.statements.filter { !$0.hasPrefix("BEGIN") && !$0.hasPrefix("COMMIT") && !$0.hasPrefix("PRAGMA") }
        #expect(statements.filter { $0.contains("progress_revisions") && $0.contains("FROM users") }.count == 1, "\(statements)")
        #expect(statements.count <= 2, "\(statements)")
    }
}
