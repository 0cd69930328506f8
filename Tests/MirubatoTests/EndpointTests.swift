import Domain
@testable import Endpoint
import Foundation
import Services
@testable import Schema
import Testing

@Suite("Endpoint configuration and limits")
struct EndpointTests {
    private func environment(_ extra: [String: String] = [:]) throws -> [String: String] {
        let paths = try TestDatabase.freshCopy()
        return TestDatabase.environment(database: paths.database, kv: paths.kv).merging(extra) { _, new in new }
    }

    @Test("production refuses to start without a long enough secret and key")
    func productionSecrets() throws {
        var env = try environment(["MIRUBATO_ENV": "production"])
        env["MIRUBATO_NOW"] = nil
        env["MIRUBATO_RANDOM_SEED"] = nil
        env["MIRUBATO_JWT_SECRET"] = nil
        #expect(throws: Configuration.Invalid.self) { try Endpoint(configuration: Configuration(environment: env), log: Log(isEnabled: false)) }
        env["MIRUBATO_JWT_SECRET"] = "too-short"
        #expect(throws: Configuration.Invalid.self) { try Endpoint(configuration: Configuration(environment: env), log: Log(isEnabled: false)) }
        env["MIRUBATO_JWT_SECRET"] = String(repeating: "s", count: 32)
        env["MIRUBATO_DATA_KEY"] = "not-a-key"
        #expect(throws: Configuration.Invalid.self) { try Endpoint(configuration: Configuration(environment: env), log: Log(isEnabled: false)) }
        env["MIRUBATO_DATA_KEY"] = String(repeating: "ab", count: 32)
        #expect(throws: Never.self) { try Endpoint(configuration: Configuration(environment: env), log: Log(isEnabled: false)) }
    }

    @Test("test hooks are refused in production")
    func testHooksRefused() throws {
        let env = try environment(["MIRUBATO_ENV": "production"])
        #expect(throws: Configuration.Invalid.self) { try Configuration(environment: env) }
    }

    @Test("development generates 0600 secret files beside the database and reuses them", .sqliteOnly)
    func developmentSecrets() throws {
        var env = try environment(["MIRUBATO_ENV": "development"])
        env["MIRUBATO_JWT_SECRET"] = nil
        env["MIRUBATO_DATA_KEY"] = nil
        let configuration = try Configuration(environment: env)
        let first = try Secrets.settings(configuration, random: CryptoRandom())
        let second = try Secrets.settings(configuration, random: CryptoRandom())
        #expect(first.jwtKey == second.jwtKey && first.dataKey == second.dataKey)
        #expect(first.jwtKey.count >= 32 && first.dataKey.count == 32)
        let folder = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent().path
        for name in ["jwt-secret", "data-key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
    }

    @Test("the general request budget answers RATE_LIMITED with retryAfter")
    func requestBudget() async throws {
        let endpoint = try Endpoint(
            configuration: Configuration(environment: environment(["MIRUBATO_RATE_REQUESTS": "3/60"])), log: Log(isEnabled: false))
        let body = Array(#"{"query":"{ __typename }","headers":{"x-forwarded-for":"192.0.2.7"}}"#.utf8)
        for _ in 0..<3 {
            #expect(await endpoint.respond(toBody: body).errorCodes.isEmpty)
        }
        let limited = await endpoint.respond(toBody: body)
        #expect(limited.errorCodes == [.rateLimited])
        #expect(limited.body.contains(#""retryAfter":60"#))
        // Another client has its own budget.
        let other = Array(#"{"query":"{ __typename }","headers":{"x-forwarded-for":"192.0.2.8"}}"#.utf8)
        #expect(await endpoint.respond(toBody: other).errorCodes.isEmpty)
    }

    @Test("a costly estimate is admitted when it fits the budget, and the answer's actual cost is charged")
    func actualCostCharged() async throws {
        let endpoint = try Endpoint(
            configuration: Configuration(environment: environment(["MIRUBATO_RATE_REQUESTS": "100/60"])), log: Log(isEnabled: false))
        func send(_ query: String) async -> APIResponse {
            let body = try! JSONSerialization.data(withJSONObject: ["query": query, "headers": ["x-forwarded-for": "192.0.2.44"]])
            return await endpoint.respond(toBody: Array(body))
        }
        // Estimated at 100 pieces with their notation (about 40 units), it finds nothing: 1 unit each.
        let empty = #"{ listSheetMusic(limit: 100, filter: {search: "no such piece anywhere"}) { edges { node { id title measures { notes { keys duration } } } } } }"#
        for _ in 0..<30 {
            let answer = await send(empty)
            #expect(answer.errorCodes.isEmpty)
            #expect(answer.body.contains(#""actual":2,"#), "\(answer.body)")
        }
        // The same page that finds 100 pieces is charged one unit per 1,000 of what it answered.
        let full = await send(#"{ listSheetMusic(limit: 100) { edges { node { id title measures { notes { keys duration } } } } } }"#)
        #expect(full.errorCodes.isEmpty)
        let cost = try #require(full.body.firstMatch(of: /"actual":(\d+),/).flatMap { Int($0.1) })
        #expect(cost >= 2_000)
        // An estimate that no longer fits what is left is refused before it runs (and spends 1).
        var answered = 0
        while await send(empty).errorCodes.isEmpty { answered += 1 }
        let estimate = try #require(full.body.firstMatch(of: /"requested":(\d+),/).flatMap { Int($0.1) }) / 1_000
        #expect(estimate >= 20)
        #expect(answered == 100 - estimate - 31 - cost / 1_000, "after \(cost) answered, estimated \(estimate) units")
        var cheap = 0
        while await send("{ __typename }").errorCodes.isEmpty { cheap += 1 }
        #expect(31 + cost / 1_000 + answered + 1 + cheap == 100)
    }

    @Test("serving processes on two hosts count one request budget in Redis", .redisOnly)
    func requestBudgetAcrossHosts() async throws {
        // Each as `mirubato serve` builds it, with its own in-memory counters (which it must not use).
        let env = try environment(["MIRUBATO_RATE_REQUESTS": "4/60"])
        let hosts = try (0..<2).map { _ in
            try Endpoint(configuration: Configuration(environment: env), counters: RateCounters(), log: Log(isEnabled: false))
        }
        let body = Array(#"{"query":"{ __typename }","headers":{"x-forwarded-for":"192.0.2.9"}}"#.utf8)
        for turn in 0..<4 {
            #expect(await hosts[turn % 2].respond(toBody: body).errorCodes.isEmpty)
        }
        #expect(await hosts[0].respond(toBody: body).errorCodes == [.rateLimited])
        #expect(await hosts[1].respond(toBody: body).errorCodes == [.rateLimited])
    }

    @Test("batches are capped and each element is answered on its own")
    func batches() async throws {
        let endpoint = try Endpoint(
            configuration: Configuration(environment: environment(["MIRUBATO_MAX_BATCH": "2"])), log: Log(isEnabled: false))
        let two = await endpoint.respond(toBody: Array(#"[{"query":"{ __typename }"}, 7]"#.utf8))
        #expect(two.body == #"[{"data":{"__typename":"Query"},"extensions":{"cost":{"requested":1,"actual":1,"limit":300000}}},{"errors":[{"message":"Each request of a batch must be a JSON object.","extensions":{"code":"BAD_REQUEST"}}]}]"#)
        let three = await endpoint.respond(toBody: Array(#"[{"query":"{ __typename }"},{"query":"{ __typename }"},{"query":"{ __typename }"}]"#.utf8))
        #expect(three.outcome == .malformed)
        #expect(await endpoint.respond(toBody: Array("[]".utf8)).outcome == .malformed)
    }

    @Test("bodies over the limit are refused before parsing")
    func bodyLimit() async throws {
        let endpoint = try Endpoint(
            configuration: Configuration(environment: environment(["MIRUBATO_MAX_BODY_BYTES": "2048"])), log: Log(isEnabled: false))
        let body = Array(#"{"query":"{ __typename }","variables":{"pad":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 4096) + Array(#""}}"#.utf8)
        let response = await endpoint.respond(toBody: body)
        #expect(response.outcome == .malformed)
        #expect(response.reason?.contains("2048") == true)
    }

    @Test("a request over the time limit answers TIMEOUT")
    func timeout() async throws {
        let endpoint = try Endpoint(
            configuration: Configuration(environment: environment(["MIRUBATO_REQUEST_TIMEOUT_MS": "1"])), log: Log(isEnabled: false))
        let body = Array(#"{"query":"{ listSheetMusic(limit: 100) { edges { node { title measures { number clef } } } } }"}"#.utf8)
        let response = await endpoint.respond(toBody: body)
        #expect(response.errorCodes == [.timeout])
    }

    @Test("the session cookie is read when there is no Authorization header")
    func cookie() {
        #expect(Credentials.cookie(named: "mirubato_session", in: "a=1; mirubato_session=abc.def ; b=2") == "abc.def")
        #expect(Credentials.cookie(named: "mirubato_session", in: "mirubato_sessionx=1") == nil)
        #expect(Credentials.cookie(named: "mirubato_session", in: nil) == nil)
        #expect(Credentials.cookie(named: "mirubato_session", in: "\t mirubato_session =\t é \t") == "é")
        #expect(Credentials.cookie(named: "mirubato_session", in: "mirubato_session=  ") == "")
    }
}

@Suite("Oversized input")
struct OversizedInputTests {
    @Test("a 10 MB body is refused before parsing, in-process and through the binary (exit 2)")
    func tenMegabytes() async throws {
        let body = Array(#"{"query":"{ __typename }","variables":{"pad":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 10 << 20) + Array(#""}}"#.utf8)
        let response = try await TestDatabase.endpoint().respond(toBody: body)
        #expect(response.outcome == .malformed)
        #expect(response.errorCodes == [.badRequest])
        let paths = try TestDatabase.freshCopy()
        let output = try await HandlerBinary.run(["handle"], environment: TestDatabase.environment(database: paths.database, kv: paths.kv), stdin: body)
        #expect(output.status == 2)
        #expect(output.stdout.contains("larger than"))
    }
}

@Suite("Subscription topics")
struct SubscriptionTopicTests {
    @Test("every Subscription field of the SDL has its event topic, and nothing else does")
    func everySubscriptionHasATopic() throws {
        let subscription = try #require(try APISchema.make().schema.subscriptionType)
        #expect(Set(try subscription.fields().keys) == Set(Endpoint.subscriptionTopics.keys))
    }
}

/// A serving process's workers: each its own connections, one of everything else.
@Suite("Workers of one process")
struct WorkerEndpointTests {
    @Test("a worker shares the process's prepared documents, caches, secrets and listener, not its connections")
    func workerSharesTheProcess() async throws {
        let process = try TestDatabase.endpoint()
        let worker = try Endpoint(worker: process)
        #expect(worker.engine === process.engine, "prepared documents are kept once per process")
        #expect(worker.runtime.database !== process.runtime.database, "a connection serves one thread")
        #expect(worker.runtime.kv !== process.runtime.kv)
        #expect(worker.settings.jwtKey == process.settings.jwtKey)
        #expect(worker.runtime.wiring.memory === process.runtime.wiring.memory)
        #expect(worker.runtime.wiring.verifiedTokens === process.runtime.wiring.verifiedTokens)
        #expect(worker.runtime.eventSignals === process.runtime.eventSignals)
        // A document the process prepared is a hit for the worker, and both answer over their own connection.
        let body = Array(#"{"query":"{ listSheetMusic(limit: 2) { totalCount } }"}"#.utf8)
        let first = await process.respond(toBody: body)
        let held = process.engine.documents.count
        let second = await worker.respond(toBody: body)
        #expect(process.engine.documents.count == held)
        #expect(first.body == second.body)
    }
}
