import Domain
import Endpoint
import Foundation
import Testing

/// A bounded random fuzzer over the whole request path (decoding, parse, validation, execution,
/// variables), seeded from the golden requests: every answer must be valid JSON with `data` or
/// `errors`, and nothing may crash or hang. `FUZZ_ITERATIONS` runs longer.
@Suite("Fuzzing the request path")
struct FuzzTests {
    private static let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 1500

    @Test("mutated golden requests always get a well-formed answer")
    func fuzz() async throws {
        let endpoint = try TestDatabase.endpoint()
        let seeds = try GoldenCase.all.map { try $0.request() }
        var random = FuzzRandom(seed: 20_261_125)
        for iteration in 0..<Self.iterations {
            var body = seeds[random.below(seeds.count)]
            for _ in 0...random.below(4) { Self.mutate(&body, &random) }
            let response = await endpoint.respond(toBody: body)
            let parsed = try? JSONParser.parse(response.body, maxDepth: 10_000)
            let wellFormed: Bool = switch parsed {
            case .object(let members)?: members["data"] != nil || members["errors"] != nil
            case .array(let items)?: items.allSatisfy { $0["data"] != nil || $0["errors"] != nil }
            default: false
            }
            #expect(wellFormed, "iteration \(iteration): \(String(decoding: body.prefix(200), as: UTF8.self)) → \(response.body.prefix(200))")
            if !wellFormed { return }
        }
    }

    private static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", "\\", ":", ",", "null", "true", "-1e309", "0", "99999999999999999999", "\u{0}",
        "\\u0000", "\\ud800", "...F", "fragment F on Query { ...F }", "query", "mutation", "subscription", "$v", "@skip(if: true)",
        "__schema { types { name } }", "' OR 1=1 --", "\u{202E}", "😀", "{ me { id } }", "limit: -1", "\"variables\": {\"a\": [[[[[[]]]]]]}",
    ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80]]

    private static func mutate(_ body: inout [UInt8], _ random: inout FuzzRandom) {
        guard !body.isEmpty else { body = tokens[random.below(tokens.count)]; return }
        let position = random.below(body.count)
        switch random.below(6) {
        case 0: body[position] = UInt8(truncatingIfNeeded: random.below(256))
        case 1: body.remove(at: position)
        case 2: body.insert(contentsOf: tokens[random.below(tokens.count)], at: position)
        case 3:
            let end = min(body.count, position + 1 + random.below(40))
            body.insert(contentsOf: body[position..<end], at: position)
        case 4: body = Array(body[..<position])
        default:
            let depth = 1 + random.below(3000)
            body.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth), at: position)
        }
    }
}

/// The fuzzer's own deterministic generator (SplitMix64), so a failure reproduces.
struct FuzzRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
