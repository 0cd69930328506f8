import ArgumentParser
import Domain
import Endpoint
import Foundation
import Schema

/// `mirubato benchmark`: in-process µs per operation (parse, validate, execute, whole request)
/// on a fresh seeded database in a temporary folder. Run it from a release build.
struct Benchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure in-process time per operation (parse, validate, execute, whole request).", shouldDisplay: false)

    @Option(help: "Timed iterations per operation.")
    var iterations = 500

    @Option(help: "Measure the scale operations on this existing database (e.g. one made by `seed --demo-users`) instead.")
    var database: String?

    @Option(help: "With --database: the user to sign in as.")
    var email = "demo-0@example.com"

    @Flag(help: "Print one JSON object per operation instead of a table (for Benchmarks/bench.py).")
    var json = false

    @Option(help: "Only the operation of this name, or those whose name contains this text (for profiling one of them).")
    var only: String?

    @Flag(help: "Time only whole requests with the document cache (so a profile shows that path alone).")
    var wholeOnly = false

    func run() async throws {
        if let database { return try await runScale(database: database) }
        let folder = NSTemporaryDirectory() + "mirubato-bench-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configuration = try benchmarkConfiguration(database: folder + "/mirubato.db", kv: folder + "/kv.db")
        let endpoint = try quietEndpoint(configuration)
        let uncached = try quietEndpoint(configuration) { $0.documentCacheSize = 0 }
        _ = try Runtime(configuration: configuration).seedCatalogue()
        let token = try await signIn(endpoint)
        for index in 0..<20 {
            let started = await call(endpoint, "mutation { startPracticeSession(input: {instrument: PIANO}) { id } }", token)
            guard let id = started.firstMatch(of: /"id":"([^"]+)"/)?.1 else { throw ValidationError("could not start a session: \(started)") }
            for _ in 0..<3 {
                _ = await call(endpoint, "mutation { createPracticeLog(input: {sessionId: \"\(id)\", activityType: SCALES, durationSeconds: \(60 + index)}) { id } }", token)
            }
            _ = await call(endpoint, "mutation { completePracticeSession(input: {sessionId: \"\(id)\"}) { id } }", token)
        }
        let operations = try BenchmarkOperation.all()
        let engine = GraphQLEngine(schema: try APISchema.make())
        if !json {
            print("| operation | parse µs | validate µs | whole request µs, document cache off | whole request µs |")
            print("|---|---|---|---|---|")
        }
        // An exact name picks one operation ("me" is also inside "{ __typename }"); else a part of names.
        let exact = operations.contains { $0.name == only }
        for operation in operations where only.map({ exact ? operation.name == $0 : operation.name.contains($0) }) ?? true {
            let (name, query) = (operation.name, operation.query)
            let bearer = operation.signedIn ? token : nil
            var (parseTime, validateTime, cold) = (0.0, 0.0, 0.0)
            if !wholeOnly {
                parseTime = measure { _ = try? engine.parseOnly(query) }
                let parsed = try engine.parseOnly(query)
                validateTime = measure { _ = engine.validationErrorCount(of: parsed) }
                cold = await measureAsync { _ = await call(uncached, query, bearer, variables: operation.variables) }
            }
            let whole = await measureAsync { _ = await call(endpoint, query, bearer, variables: operation.variables) }
            if json {
                let fields: [String: JSONValue] = [
                    "operation": .string(name), "parse_us": .double(parseTime), "validate_us": .double(validateTime),
                    "whole_uncached_us": .double(cold), "whole_us": .double(whole),
                ]
                print(JSONWriter.string(.object(fields)))
            } else {
                print("| `\(name)` | \(format(parseTime)) | \(format(validateTime)) | \(format(cold)) | \(format(whole)) |")
            }
        }
        if !json {
            print("(\(iterations) iterations each after 50 warm-ups; a whole request is JSON in to JSON out, signed in where Benchmarks/Operations/operations.json says, the rate limit counted in memory as in `mirubato serve`)")
        }
    }

    /// The configuration benchmarks run with: these files, and no rate limit in practice.
    func benchmarkConfiguration(database: String, kv: String) throws -> Configuration {
        var environment = ProcessInfo.processInfo.environment
        environment["MIRUBATO_DB"] = database
        environment["MIRUBATO_KV"] = kv
        environment["MIRUBATO_RATE_REQUESTS"] = "1000000000/60"
        environment["MIRUBATO_ENV"] = "development"
        return try Configuration(environment: environment)
    }

    /// An endpoint that does not log, over the configuration as `adjust` changes it, counting
    /// the request budget in memory as a serving process does.
    func quietEndpoint(_ configuration: Configuration, _ adjust: (inout Configuration) -> Void = { _ in }) throws -> Endpoint {
        var configuration = configuration
        adjust(&configuration)
        return try Endpoint(configuration: configuration, counters: RateCounters(), log: Log(isEnabled: false))
    }

    private func measure(_ work: () -> Void) -> Double {
        for _ in 0..<50 { work() }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { work() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1000
    }

    private func measureAsync(_ work: () async -> Void) async -> Double {
        for _ in 0..<50 { await work() }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { await work() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1000
    }

    /// Microseconds with one decimal.
    func format(_ microseconds: Double) -> String {
        String(format: "%.1f", microseconds)
    }

    /// One request in-process, with `variables` when given, signed in with `token` when there is
    /// one; answers the response body.
    func call(_ endpoint: Endpoint, _ query: String, _ token: String?, variables: JSONValue? = nil) async -> String {
        let headers = token.map { #","headers":{"authorization":"Bearer \#($0)"}"# } ?? ""
        let sent = variables.map { #","variables":\#(JSONWriter.string($0))"# } ?? ""
        let body = #"{"query":\#(JSONWriter.string(.string(query)))\#(sent)\#(headers)}"#
        return await endpoint.respond(toBody: Array(body.utf8)).body
    }

    /// Signs an address in through the magic-link flow; answers the access token.
    func signIn(_ endpoint: Endpoint, email: String = "bench@example.com") async throws -> String {
        guard let token = try await endpoint.signInThroughOutbox(email: email) else { throw ValidationError("sign-in failed") }
        return token
    }
}

import Services
import Storage
