import Domain
import Foundation
import Storage
import Testing

/// `JSONValueDecoder` (what the KV cache decodes with) against Foundation's `JSONDecoder`, on
/// what `JSONEncoder` writes: the same values, compared as `JSONEncoder` writes them again.
@Suite("JSON value decoder")
struct JSONValueDecoderTests {
    /// Both decoders' value of `text`, each written again with sorted keys; throws when either throws.
    private static func both<Value: Codable>(_ type: Value.Type, _ text: String) throws -> (ours: String, foundation: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let ours = try JSONValueDecoder.decode(type, from: text)
        let foundation = try JSONDecoder().decode(type, from: Data(text.utf8))
        return (String(decoding: try encoder.encode(ours), as: UTF8.self), String(decoding: try encoder.encode(foundation), as: UTF8.self))
    }

    @Test("the whole catalogue, as the cache keeps its pages, decodes as JSONDecoder decodes it")
    func catalogue() throws {
        let database = try Database(DatabaseLocation(try TestDatabase.freshCopy().database))
        let page = try SheetMusicStore(database: database).list(SheetMusicFilter(), limit: 500, start: .offset(0))
        #expect(page.items.count > 100)
        let text = String(decoding: try JSONEncoder().encode(page), as: UTF8.self)
        let (ours, foundation) = try Self.both(Page<SheetMusic>.self, text)
        #expect(ours == foundation)
        #expect(ours.contains("\"composer\":\"Francisco Tárrega\""))
    }

    /// Everything synthesized `Codable` asks of a decoder: nested values, optionals present and
    /// absent, arrays, dictionaries, raw-value enums, every integer width, whole and fractional
    /// doubles, the domain's own coded types.
    private struct Sample: Codable {
        enum Mood: String, Codable { case calm, lively = "LIVELY" }
        var text: String
        var flag: Bool
        var small: Int8
        var wide: Int64
        var unsigned: UInt32
        var number: Double
        var single: Float
        var maybe: String?
        var maybeNumber: Int?
        var list: [Int]
        var nested: [Sample]?
        var table: [String: Double]
        var mood: Mood
        var moods: [Mood?]
        var when: Timestamp
        var day: LocalDay
    }

    private static func sample(_ random: inout FuzzRandom, depth: Int) -> Sample {
        let texts = ["", "Für Elise", "a\"b\\c\n\t", "😀 \u{2028}", "Chopin"]
        let numbers = [0, 1.5, -2, 1e300, 3, -0.25, 123456789.0, 0.1]
        return Sample(
            text: texts[random.below(texts.count)], flag: random.below(2) == 0, small: Int8(random.below(256) - 128),
            wide: Int64(random.below(1 << 40)) * (random.below(2) == 0 ? -1 : 1), unsigned: UInt32(random.below(1 << 31)),
            number: numbers[random.below(numbers.count)], single: Float(random.below(100)) / 4,
            maybe: random.below(2) == 0 ? nil : texts[random.below(texts.count)], maybeNumber: random.below(3) == 0 ? nil : random.below(9),
            list: (0..<random.below(4)).map { _ in random.below(1000) - 500 },
            nested: depth < 2 && random.below(3) == 0 ? (0..<random.below(3)).map { _ in sample(&random, depth: depth + 1) } : nil,
            table: Dictionary(uniqueKeysWithValues: (0..<random.below(3)).map { ("k\($0)", Double(random.below(50)) / 2) }),
            mood: random.below(2) == 0 ? .calm : .lively, moods: [nil, .calm, .lively].shuffled(using: &random).prefix(random.below(4)).map { $0 },
            when: Timestamp(milliseconds: Int64(random.below(1 << 41))), day: LocalDay(number: Int64(random.below(40_000))))
    }

    @Test("generated values of every kind decode as JSONDecoder decodes them")
    func generated() throws {
        var random = FuzzRandom(seed: 34)
        for _ in 0..<400 {
            let text = String(decoding: try JSONEncoder().encode(Self.sample(&random, depth: 0)), as: UTF8.self)
            let (ours, foundation) = try Self.both(Sample.self, text)
            #expect(ours == foundation, "\(text)")
        }
    }

    @Test("what JSONDecoder refuses, it refuses too: a missing key, a wrong type, a fraction for an integer, broken JSON")
    func refusals() throws {
        for text in [#"{"text":"a"}"#, #"{"a":1}"#, #"[1]"#, #"{"#, #""x""#] {
            #expect(throws: (any Error).self) { try JSONValueDecoder.decode(Sample.self, from: text) }
        }
        #expect(throws: (any Error).self) { try JSONValueDecoder.decode([Int].self, from: "[1.5]") }
        #expect(throws: (any Error).self) { try JSONValueDecoder.decode([Int8].self, from: "[300]") }
        #expect(throws: (any Error).self) { try JSONValueDecoder.decode([String].self, from: "[null]") }
        #expect(try JSONValueDecoder.decode([Int?].self, from: "[null, 2]") == [nil, 2])
        #expect(try JSONValueDecoder.decode([Double].self, from: "[2, 2.5]") == [2, 2.5])
    }
}

extension FuzzRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 {
        UInt64(below(Int.max)) &* 2 &+ UInt64(below(2))
    }
}
