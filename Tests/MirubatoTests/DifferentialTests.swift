import Domain
@testable import Endpoint
import Foundation
import GraphQL
@testable import Schema
import Testing

/// The plan executor against GraphQLSwift's executor, its oracle: every golden request and a few
/// thousand generated operations must get the same answers from both, errors and paths included.
// Executors, not storage, are under test: it runs on SQLite only. On PostgreSQL every statement is
// a socket round trip, and under the parallel suite GraphQLSwift's executor (whose Deadline tasks
// need Swift's shared pool) starved past the minute's time limit.
@Suite("Plan executor against GraphQLSwift's executor", .sqliteOnly)
struct DifferentialTests {
    private static let generated = Int(ProcessInfo.processInfo.environment["DIFFERENTIAL_QUERIES"] ?? "") ?? 2_000
    private static let seed = UInt64(ProcessInfo.processInfo.environment["DIFFERENTIAL_SEED"] ?? "") ?? 20_261_130

    /// Two endpoints over identical fresh databases, one per executor.
    /// Two endpoints on copies of one database: the production one, and one whose engine runs
    /// GraphQLSwift's executor instead, over the same schema and resolvers.
    private func pair() throws -> (plan: Endpoint, library: Endpoint) {
        func configuration() throws -> Configuration {
            let paths = try TestDatabase.freshCopy()
            var environment = TestDatabase.environment(database: paths.database, kv: paths.kv)
            environment["MIRUBATO_RATE_REQUESTS"] = "1000000000/60"
            return try Configuration(environment: environment)
        }
        let plan = try Endpoint(configuration: configuration(), log: Log(isEnabled: false))
        let runtime = try Runtime(configuration: configuration(), log: Log(isEnabled: false))
        var options = runtime.configuration.engineOptions
        let schema = try APISchema.make().attachingResolvers()
        options.oracle = Self.library(schema.schema)
        return (plan, Endpoint(runtime: runtime, engine: GraphQLEngine(schema: schema, options: options)))
    }

    /// GraphQLSwift's executor, the oracle: the plan executor follows it step for step.
    static func library(_ schema: GraphQLSchema) -> GraphQLEngine.Oracle {
        { document, root, context, variables, operationName in
            try await GraphQL.execute(
                schema: schema, documentAST: document, rootValue: root, context: context, variableValues: variables,
                operationName: operationName)
        }
    }

    /// A response with its errors in a fixed order: the library resolves sibling fields
    /// concurrently, so the order it records their errors in is not fixed.
    private static func normalized(_ body: String) -> String {
        guard let json = try? JSONParser.parse(body, maxDepth: 10_000) else { return body }
        func normalize(_ value: JSONValue) -> JSONValue {
            switch value {
            case .array(let items): return .array(items.map(normalize))
            case .object(var members):
                if case .array(let errors)? = members["errors"] {
                    members["errors"] = .array(errors.sorted { JSONWriter.string($0) < JSONWriter.string($1) })
                }
                // Only the plan executor counts the fields it answered; the library's answer
                // reports its estimate as its actual cost.
                if case .object(var extensions)? = members["extensions"], case .object(var cost)? = extensions["cost"] {
                    cost["actual"] = nil
                    extensions["cost"] = .object(cost)
                    members["extensions"] = .object(extensions)
                }
                return .object(members)
            default: return value
            }
        }
        return JSONWriter.string(normalize(json))
    }

    /// Whether two answers differ only in which errors they list under a field that was nulled
    /// by a non-null error: the library resolves siblings concurrently and stops at whichever
    /// error reaches it first, so that part varies between its own runs. The data must be equal,
    /// and every error the two do not share must lie under a null in it. (When the plan executor
    /// leaves a document to the library, both sides are the library, and this is its own variance.)
    private static func sameUpToPropagation(_ first: String, _ second: String) -> Bool {
        guard let one = try? JSONParser.parse(first, maxDepth: 10_000), let other = try? JSONParser.parse(second, maxDepth: 10_000),
              one["data"] == other["data"], let errors = one["errors"]?.arrayValue, let otherErrors = other["errors"]?.arrayValue,
              !errors.isEmpty, !otherErrors.isEmpty else { return false }
        let data = one["data"] ?? .null
        let shared = Set(errors.map { JSONWriter.string($0) }).intersection(otherErrors.map { JSONWriter.string($0) })
        return (errors + otherErrors).allSatisfy { error in
            shared.contains(JSONWriter.string(error)) || underNull(error["path"]?.arrayValue ?? [], in: data)
        }
    }

    /// Whether some prefix of a response path reaches a null in the data. An error without a
    /// path (the library's "field definition not found" for fields merged across types) counts
    /// when the data holds a null anywhere.
    private static func underNull(_ path: [JSONValue], in data: JSONValue) -> Bool {
        if path.isEmpty { return JSONWriter.string(data).contains("null") }
        var current = data
        for step in path {
            if current == .null { return true }
            switch step {
            case .string(let key): current = current[key] ?? .null
            case .integer(let index): current = current.arrayValue.flatMap { Int(index) < $0.count ? $0[Int(index)] : nil } ?? .null
            default: return false
            }
        }
        return current == .null
    }

    @Test("every golden request gets the same answer from both executors", arguments: GoldenCase.all)
    func goldens(_ golden: GoldenCase) async throws {
        let (plan, library) = try pair()
        let request = try golden.request()
        let planned = await plan.respond(toBody: request)
        let oracle = await library.respond(toBody: request)
        #expect(Self.normalized(planned.body) == Self.normalized(oracle.body), "\(golden.name)")
    }

    @Test("generated operations over the real schema get the same answers from both executors")
    func generatedOperations() async throws {
        let (plan, library) = try pair()
        let email = #"{"query":"mutation { requestMagicLink(email: \"diff@example.com\") { success } }"}"#
        _ = await plan.respond(toBody: Array(email.utf8))
        _ = await library.respond(toBody: Array(email.utf8))
        let token = try plan.newestMagicLinkToken()
        let verify = #"{"query":"mutation { verifyMagicLink(token: \"\#(token ?? "")\") { accessToken } }"}"#
        let signedIn = await plan.respond(toBody: Array(verify.utf8)).body
        #expect(await library.respond(toBody: Array(verify.utf8)).body == signedIn)
        let access = try #require(signedIn.firstMatch(of: /"accessToken":"([^"]+)"/).map { String($0.1) })

        var generator = QueryGenerator(schema: try APISchema.make().schema, seed: Self.seed)
        var answered = 0
        var executed = 0
        var propagated = 0
        var plannedCount = 0
        for index in 0..<Self.generated {
            guard case .object(var request) = try generator.request() else { continue }
            request["headers"] = .object(["authorization": .string("Bearer \(access)")])
            let body = Array(JSONWriter.string(.object(request)).utf8)
            let planned = await plan.respond(toBody: body)
            let oracle = await library.respond(toBody: body)
            let identical = Self.normalized(planned.body) == Self.normalized(oracle.body)
            let same = identical || Self.sameUpToPropagation(planned.body, oracle.body)
            if !identical { propagated += 1 }
            #expect(same, "operation \(index): \(request["query"]?.stringValue ?? "")\nplan:    \(planned.body.prefix(600))\nlibrary: \(oracle.body.prefix(600))")
            if !same { return }
            if planned.body.hasPrefix(#"{"data":{"#) { answered += 1 }
            if planned.body.contains(#""data":"#) { executed += 1 }
            if planned.planned { plannedCount += 1 }
        }
        // Most operations must get past validation, or the comparison says little; and many must
        // answer data, not only resolver errors (mutations of made-up ids mostly answer NOT_FOUND).
        #expect(executed * 2 > Self.generated, "only \(executed) of \(Self.generated) operations were executed")
        #expect(answered * 3 > Self.generated, "only \(answered) of \(Self.generated) operations answered data")
        print("differential: \(Self.generated) operations, \(executed) executed, \(plannedCount) answered by the plan executor, \(answered) with data, \(propagated) differing only in propagated errors")
        // The plan executor is the only one: every operation that ran, ran on it.
        #expect(plannedCount == executed, "the plan executor answered only \(plannedCount) of the \(executed) operations executed")
        // Differences in which propagated errors are listed must stay the exception.
        #expect(propagated * 20 < Self.generated, "\(propagated) of \(Self.generated) answers differed in propagated errors")
    }

    @Test("an operation with variables compiled once answers later variables as the library does")
    func keptPlansBindLaterVariables() async throws {
        let (plan, library) = try pair()
        // Each document with the variables of several requests, in order: the first request's
        // plan is kept, later ones bind theirs to it (or compile their own when an @include
        // decides otherwise, or an argument would be refused).
        let cases: [(query: String, variables: [String])] = [
            ("query Q($limit: Int, $meta: Boolean!) { listSheetMusic(limit: $limit) { totalCount edges { node { id title metadata @include(if: $meta) { opus tags } } } } }",
             [#"{"limit": 2, "meta": true}"#, #"{"limit": 3, "meta": true}"#, #"{"limit": 1, "meta": false}"#, #"{"meta": true}"#,
              #"{"limit": null, "meta": true}"#, #"{"limit": -4, "meta": true}"#]),
            ("query F($filter: SheetMusicFilterInput, $first: Int = 2) { listSheetMusic(filter: $filter, limit: $first) { totalCount edges { node { instrument difficulty } } } }",
             [#"{"filter": {"instrument": "PIANO"}}"#, #"{"filter": {"instrument": "GUITAR", "difficulty": "BEGINNER"}, "first": 4}"#,
              #"{"filter": null}"#, #"{"filter": {"minDifficultyLevel": 3, "maxDifficultyLevel": 5}, "first": 1}"#]),
            ("query I($instrument: Instrument!, $skip: Boolean = false) { listSheetMusic(filter: {instrument: $instrument}, limit: 2) { totalCount @skip(if: $skip) edges { node { title } } } }",
             [#"{"instrument": "PIANO"}"#, #"{"instrument": "GUITAR"}"#, #"{"instrument": "GUITAR", "skip": true}"#, #"{"instrument": "PIANO", "skip": false}"#]),
        ]
        var planned = 0
        for (query, variableSets) in cases {
            for variables in variableSets {
                let body = Array(#"{"query": \#(JSONWriter.string(.string(query))), "variables": \#(variables)}"#.utf8)
                let answer = await plan.respond(toBody: body)
                let oracle = await library.respond(toBody: body)
                #expect(Self.normalized(answer.body) == Self.normalized(oracle.body), "\(query)\n\(variables)\nplan:    \(answer.body)\nlibrary: \(oracle.body)")
                if answer.planned { planned += 1 }
            }
        }
        #expect(planned >= 12, "the plan executor answered only \(planned) of 14")
        // The kept plan is the one the first request compiled: later variables bound to it.
        guard case .ready(let prepared) = plan.engine.prepare(query: cases[0].query, operationName: nil) else {
            Issue.record("the first document is not ready")
            return
        }
        #expect(prepared.keptPlan.plan != nil)
        #expect(prepared.keptPlan.plan?.slots.count == 1)
        #expect(prepared.keptPlan.plan?.inclusions.count == 1)
    }
}
