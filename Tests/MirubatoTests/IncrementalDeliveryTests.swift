import Domain
@testable import Endpoint
@testable import Schema
import Testing

/// `@defer` and `@stream` answered in parts (Apollo Client's `deferSpec=20220824`).
@Suite("Incremental delivery")
struct IncrementalDeliveryTests {
    /// A client's merge of the parts: each deferred fragment's data into the object at its
    /// path, each streamed list's items after the list's first ones.
    static func merge(_ parts: [String]) throws -> JSONValue {
        var data = try #require(try JSONParser.parse(parts[0]).objectValue?["data"])
        for part in parts.dropFirst() {
            for item in try JSONParser.parse(part)["incremental"]?.arrayValue ?? [] {
                let path = item["path"]?.arrayValue ?? []
                if let fields = item["data"]?.objectValue {
                    data = try update(data, at: path[...]) { value in
                        guard case .object(var members) = value else { throw TestFailure("no object at \(path)") }
                        for (key, field) in fields { members[key] = deepMerge(members[key], field) }
                        return .object(members)
                    }
                } else if let items = item["items"]?.arrayValue {
                    data = try update(data, at: path.dropLast()) { value in
                        guard case .array(let elements) = value, elements.count == Int(path.last?.integerValue ?? -1) else {
                            throw TestFailure("the list at \(path) does not end where the items start")
                        }
                        return .array(elements + items)
                    }
                }
            }
        }
        return data
    }

    private static func deepMerge(_ old: JSONValue?, _ new: JSONValue) -> JSONValue {
        guard case .object(var members)? = old, case .object(let added) = new else { return new }
        for (key, value) in added { members[key] = deepMerge(members[key], value) }
        return .object(members)
    }

    private static func update(_ value: JSONValue, at path: ArraySlice<JSONValue>, _ change: (JSONValue) throws -> JSONValue) throws -> JSONValue {
        guard let step = path.first else { return try change(value) }
        switch (value, step) {
        case (.object(var members), .string(let key)):
            members[key] = try update(members[key] ?? .null, at: path.dropFirst(), change)
            return .object(members)
        case (.array(var elements), .integer(let index)) where Int(index) < elements.count:
            elements[Int(index)] = try update(elements[Int(index)], at: path.dropFirst(), change)
            return .array(elements)
        default:
            throw TestFailure("the path \(path) does not reach into the data")
        }
    }

    private func answer(_ endpoint: Endpoint, _ query: String, variables: [String: JSONValue] = [:], incremental: Bool) async -> APIResponse {
        var request = APIRequest(query: query, variables: variables)
        request.acceptsIncremental = incremental
        var response = await endpoint.respond(to: request)
        // The parts that follow a first part sent early, as a front end writes them after it.
        if let remaining = response.remainingParts {
            response.parts = (response.parts ?? []) + (await remaining.compute())
            response.remainingParts = nil
        }
        return response
    }

    @Test("deferred fragments and streamed lists: the first part leaves them out, the second holds them at their paths with their labels")
    func partsAndPaths() async throws {
        let endpoint = try TestDatabase.endpoint()
        let query = """
            { listSheetMusic(limit: 3) { totalCount edges @stream(initialCount: 1, label: "rest") {
                node { id ... @defer(label: "names") { title composer } } } } }
            """
        let parts = try #require(await answer(endpoint, query, incremental: true).parts)
        #expect(parts.count == 2)
        let first = try JSONParser.parse(parts[0])
        #expect(first["hasNext"] == .bool(true))
        let edges = try #require(first["data"]?["listSheetMusic"]?["edges"]?.arrayValue)
        #expect(edges.count == 1 && edges[0]["node"]?["title"] == nil && edges[0]["node"]?["id"] != nil)
        let rest = try JSONParser.parse(parts[1])
        #expect(rest["hasNext"] == .bool(false))
        let items = try #require(rest["incremental"]?.arrayValue)
        #expect(items.count == 2)
        #expect(items[0]["label"] == .string("names") && items[0]["path"] == .array([.string("listSheetMusic"), .string("edges"), .integer(0), .string("node")]))
        #expect(items[1]["label"] == .string("rest") && items[1]["path"] == .array([.string("listSheetMusic"), .string("edges"), .integer(1)]))
        // The streamed items carry their deferred fragment with them.
        #expect(items[1]["items"]?.arrayValue?.count == 2 && items[1]["items"]?.arrayValue?[0]["node"]?["title"] != nil)
        let whole = await answer(endpoint, query, incremental: false)
        #expect(whole.parts == nil)
        #expect(try Self.merge(parts) == JSONParser.parse(whole.body)["data"])
    }

    @Test("no parts when nothing is deferred: @defer(if: false), a false variable, no directive, or a client that does not accept them")
    func wholeResults() async throws {
        let endpoint = try TestDatabase.endpoint()
        let deferred = "query($d: Boolean!) { listSheetMusic(limit: 2) { totalCount ... @defer(if: $d) { edges { node { title } } } } }"
        #expect(await answer(endpoint, deferred, variables: ["d": .bool(false)], incremental: true).parts == nil)
        #expect(await answer(endpoint, deferred, variables: ["d": .bool(true)], incremental: true).parts != nil)
        #expect(await answer(endpoint, "{ listSheetMusic(limit: 2) { totalCount ... @defer(if: false) { edges { cursor } } } }", incremental: true).parts == nil)
        #expect(await answer(endpoint, "{ listSheetMusic(limit: 2) { totalCount } }", incremental: true).parts == nil)
        #expect(await answer(endpoint, "{ listSheetMusic(limit: 2) { totalCount ... @defer { edges { cursor } } } }", incremental: false).parts == nil)
    }

    @Test("generated placements of @defer and @stream: the parts always merge into the result without them")
    func mergesIntoTheWholeResult() async throws {
        let endpoint = try TestDatabase.endpoint()
        // Field lists of a piece, a page and the root, each of which a placement may wrap.
        let pieceFields = ["id", "title", "composer", "instrument", "difficulty", "metadata { opus }", "measures { number notes { keys } }"]
        var generator = SystemRandomNumberGenerator()
        var split = 0
        for round in 0..<60 {
            func wrapped(_ fields: [String]) -> String {
                fields.map { field in
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: "... @defer(label: \"l\(round)\") { \(field) }"
                    case 1: "... on SheetMusic @defer { \(field) }"
                    default: field
                    }
                }.joined(separator: " ")
            }
            let stream = Bool.random(using: &generator) ? "@stream(initialCount: \(Int.random(in: 0...4, using: &generator)))" : ""
            let node = wrapped(pieceFields.shuffled(using: &generator).prefix(Int.random(in: 1...4, using: &generator)).map { $0 })
            let page = "totalCount edges \(stream) { cursor node { \(node) } }"
            let query = Bool.random(using: &generator)
                ? "{ listSheetMusic(limit: \(Int.random(in: 1...6, using: &generator))) { \(page) } }"
                : "{ ... @defer { listSheetMusic(limit: 3) { \(page) } } }"
            let plain = query.replacingOccurrences(of: stream, with: "")
                .replacingOccurrences(of: #"@defer\([^)]*\)"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "@defer", with: "")
            let whole = await answer(endpoint, plain, incremental: false)
            #expect(whole.outcome == .executed && whole.errorCodes.isEmpty, "\(plain): \(whole.body.prefix(300))")
            let answer = await answer(endpoint, query, incremental: true)
            guard let parts = answer.parts else {
                // Nothing to split: the answer is whole.
                #expect(try JSONParser.parse(answer.body)["data"] == JSONParser.parse(whole.body)["data"], "\(query)")
                continue
            }
            split += 1
            #expect(try Self.merge(parts) == JSONParser.parse(whole.body)["data"], "\(query)")
        }
        // The check saw parts, not only whole answers.
        #expect(split >= 30, "\(split) of 60 were split")
    }

    @Test("a query's first part leaves before the rest runs (from the query without its deferred fragments); a mutation runs once")
    func earlyFirstPart() async throws {
        let endpoint = try TestDatabase.endpoint()
        var request = APIRequest(query: #"{ listSheetMusic(limit: 2) { totalCount ... @defer(label: "later") { edges { node { title } } } } }"#)
        request.acceptsIncremental = true
        let response = await endpoint.respond(to: request)
        let remaining = try #require(response.remainingParts, "the first part waits for the whole operation")
        let first = try JSONParser.parse(try #require(response.parts?.first))
        #expect(first["data"] == .object(["listSheetMusic": .object(["totalCount": .integer(109)])]) && first["hasNext"] == .bool(true))
        let rest = try JSONParser.parse(try #require(await remaining.compute().first))
        #expect(rest["hasNext"] == .bool(false) && rest["incremental"]?.arrayValue?.first?["label"] == .string("later"))
        // A deferred fragment that also has both conditions cannot be left out: it comes in the first part.
        request.query = #"{ listSheetMusic(limit: 2) { totalCount ... @defer @skip(if: false) @include(if: true) { edges { cursor } } } }"#
        #expect(await endpoint.respond(to: request).remainingParts == nil)
        // Only streamed lists: nothing to leave out, the whole runs once and is split.
        request.query = "{ listSheetMusic(limit: 2) { edges @stream { cursor } } }"
        let streamed = await endpoint.respond(to: request)
        #expect(streamed.remainingParts == nil && streamed.parts?.count == 2)
        // A mutation with a deferred fragment runs once: one session started, not two.
        let token = try await signIn(endpoint, email: "defer@example.com")
        var mutation = APIRequest(
            query: "mutation { startPracticeSession(input: {instrument: PIANO}) { id ... @defer { status } } }", headers: ["authorization": "Bearer " + token])
        mutation.acceptsIncremental = true
        let started = await endpoint.respond(to: mutation)
        #expect(started.remainingParts == nil && started.parts?.count == 2)
        let sessions = await endpoint.respond(to: APIRequest(query: "{ myPracticeSessions { totalCount } }", headers: ["authorization": "Bearer " + token]))
        #expect(JSONParser.member("data", of: sessions.body)?["myPracticeSessions"]?["totalCount"] == .integer(1), "\(sessions.body)")
    }

    @Test("the early query leaves each deferred fragment out, however its directive is written (labels with ')', block strings, comments, commas)",
          arguments: [
            "@defer", #"@defer(label: "a)b")"#, #"@defer(label: "q\"uote)")"#, "@defer(label: \"\"\"x)\"y\"\"\")",
            "@defer # a comment (with a parenthesis\n (if: true)", "@defer , (label: \"l\", if: true)", "@defer(if: $on)",
          ])
    func earlyQueryText(directive: String) throws {
        let endpoint = try TestDatabase.endpoint()
        let declaration = directive.contains("$on") ? "query($on: Boolean! = true) " : ""
        let query = declaration + "{ listSheetMusic(limit: 2) { totalCount ... \(directive) { edges { cursor } } } }"
        guard case .ready(let prepared) = endpoint.engine.prepare(query: query, operationName: nil) else {
            Issue.record("\(query) does not prepare")
            return
        }
        let early = try #require(endpoint.engine.earlyQuery(of: try endpoint.engine.bind(prepared, variables: [:])))
        let condition = directive.contains("$on") ? "@skip(if: $on)" : "@include(if: false)"
        #expect(early.contains("... \(condition) { edges { cursor } }") && !early.contains("defer"), "\(early)")
        guard case .ready = endpoint.engine.prepare(query: early, operationName: nil) else {
            Issue.record("\(early) does not prepare")
            return
        }
    }

    @Test("the rest of an early answer keeps the response size limit: over it, the last part is the error")
    func remainderSizeLimit() async throws {
        let paths = try TestDatabase.freshCopy()
        var environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
        environment["MIRUBATO_MAX_RESPONSE_BYTES"] = "2048"
        let endpoint = try Endpoint(configuration: Configuration(environment: environment), log: Log(isEnabled: false))
        var request = APIRequest(query: "{ listSheetMusic(limit: 50) { totalCount ... @defer { edges { node { id title composer } } } } }")
        request.acceptsIncremental = true
        let response = await endpoint.respond(to: request)
        let remaining = try #require(response.remainingParts)
        let last = try JSONParser.parse(try #require(await remaining.compute().last))
        #expect(last["hasNext"] == .bool(false) && last["errors"]?.arrayValue?.first?["extensions"]?["code"] == .string("QUERY_TOO_COMPLEX"), "\(last)")
    }
}
