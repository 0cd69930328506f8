import Domain
import Foundation
import Testing

@Suite("Nanoid")
struct NanoidTests {
    @Test("ids are 21 URL-safe characters and do not repeat")
    func shape() {
        let random = CryptoRandom()
        let ids = (0..<10_000).map { _ in Nanoid.make(using: random) }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy(Nanoid.isValid))
    }

    @Test("every alphabet character is used, so no bits are wasted")
    func alphabetCoverage() {
        let random = CryptoRandom()
        let characters = Set((0..<2_000).flatMap { _ in Nanoid.make(using: random) })
        #expect(characters == Set(Nanoid.alphabet))
    }

    @Test("the kernel's random source fills any length, past getrandom's 256 bytes a call, and never repeats")
    func kernelRandom() {
        let random = CryptoRandom()
        for count in [0, 1, 32, 256, 257, 4096, 100_000] {
            let bytes = random.bytes(count)
            #expect(bytes.count == count)
            // A long draw uses every byte value; its second half is not zeros (a short read).
            if count >= 4096 { #expect(Set(bytes).count == 256 && bytes.suffix(count / 2).contains { $0 != 0 }) }
        }
        #expect(random.bytes(32) != random.bytes(32))
    }

    @Test("derived ids are stable and distinct")
    func derived() {
        #expect(Nanoid.derived(from: "catalogue:bach") == Nanoid.derived(from: "catalogue:bach"))
        #expect(Nanoid.derived(from: "catalogue:bach") != Nanoid.derived(from: "catalogue:mozart"))
        #expect(Nanoid.isValid(Nanoid.derived(from: "x")))
    }

    @Test("a seeded source repeats its ids; the CSPRNG does not", arguments: [7 as UInt64, 42])
    func seeded(seed: UInt64) {
        let first = SeededRandom(seed: seed), second = SeededRandom(seed: seed)
        #expect(Nanoid.make(using: first) == Nanoid.make(using: second))
        #expect(Nanoid.make(using: first) != Nanoid.make(using: first))
    }

    @Test("isValid rejects other shapes", arguments: ["", "short", String(repeating: "a", count: 22), "aaaaaaaaaaaaaaaaaaaa!", "aaaaaaaaaaaaaaaaaaaaé"])
    func invalid(text: String) {
        #expect(!Nanoid.isValid(text))
    }

    @Test("integer(below:) stays in range")
    func integers() {
        let random = SeededRandom(seed: 1)
        let values = (0..<1000).map { _ in random.integer(below: 7) }
        #expect(values.allSatisfy { (0..<7).contains($0) })
        #expect(Set(values).count == 7)
    }
}

@Suite("Timestamp")
struct TimestampTests {
    @Test("formats ISO-8601 UTC with milliseconds", arguments: [
        (0 as Int64, "1970-01-01T00:00:00.000Z"),
        (1_768_469_400_123, "2026-01-15T09:30:00.123Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
    ])
    func formatting(milliseconds: Int64, text: String) {
        #expect(Timestamp(milliseconds: milliseconds).iso8601 == text)
        #expect(Timestamp(iso8601: text)?.milliseconds == milliseconds)
    }

    @Test("parses dates, offsets and fractions")
    func parsing() {
        #expect(Timestamp(iso8601: "2026-01-15")?.iso8601 == "2026-01-15T00:00:00.000Z")
        #expect(Timestamp(iso8601: "2026-01-15T10:30:00+01:00")?.iso8601 == "2026-01-15T09:30:00.000Z")
        #expect(Timestamp(iso8601: "2026-01-15T09:30:00.5Z")?.iso8601 == "2026-01-15T09:30:00.500Z")
        #expect(Timestamp(iso8601: "2026-01-15T09:30Z")?.iso8601 == "2026-01-15T09:30:00.000Z")
    }

    @Test("rejects impossible or partial text", arguments: [
        "", "2026-02-30", "2025-02-29", "2026-13-01", "2026-01-15T24:00:00Z", "2026-01-15T09:30:00",
        "2026-01-15T09:30:60Z", "26-01-15", "2026-01-15T09:30:00Zjunk", "2026-01-15T09:30:00.Z",
    ])
    func rejects(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }
}

@Suite("Local days")
struct LocalDayTests {
    /// What the text of a day was before it was written byte by byte: the reference.
    private static func reference(_ number: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(number) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    @Test("every day from 1900 to 2200 writes as Foundation's Gregorian calendar does, and reads back to itself; so do timestamps")
    func roundTrips() {
        let first = LocalDay("1900-01-01")!.number
        let last = LocalDay("2200-12-31")!.number
        #expect(last - first == 109_937)
        for number in first...last {
            let day = LocalDay(number: number)
            let text = day.description
            #expect(text == Self.reference(number))
            #expect(LocalDay(text) == day)
            #expect(Timestamp(milliseconds: number * 86_400_000 + 45_296_789).iso8601 == text + "T12:34:56.789Z")
            if text != Self.reference(number) { return }
        }
        #expect(LocalDay("0000-03-01")?.description == "0000-03-01")
        #expect(LocalDay("9999-12-31")?.description == "9999-12-31")
    }

    @Test("anything but YYYY-MM-DD in ASCII digits, or an impossible date, is refused", arguments: [
        "", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-011", "+012-01-01", "2026-+1-05",
        "2026/01/15", "2026-01-15 ", " 2026-01-15", "20260115xx", "2026-01-1a", "٢٠٢٦-01-15", "2026–01–15",
    ])
    func refuses(text: String) {
        #expect(LocalDay(text) == nil)
    }
}

@Suite("JSON")
struct JSONTests {
    @Test("parses and writes round trip")
    func roundTrip() throws {
        let text = #"{"a":[1,-2.5,true,false,null,"x\"\\\n\u00e9😀"],"b":{},"c":[],"d":12345678901234}"#
        let value = try JSONParser.parse(text)
        #expect(value["d"] == .integer(12_345_678_901_234))
        #expect(value["a"]?.arrayValue?[5] == .string("x\"\\\né😀"))
        #expect(try JSONParser.parse(JSONWriter.string(value)) == value)
    }

    @Test("a member read alone is what the whole parse gives, for valid, duplicate, nested and broken objects")
    func memberAlone() {
        var random = FuzzRandom(seed: 0x4D45_4D42)
        let keys = ["timeZone", "theme", "a", "tz\\u0041", "\\\"", ""]
        func value(_ depth: Int) -> String {
            switch random.below(depth > 3 ? 5 : 7) {
            case 0: return ["0", "-1.5e3", "12345678901234567890", "7"][random.below(4)]
            case 1: return ["true", "false", "null"][random.below(3)]
            case 2: return ["\"Europe/Berlin\"", "\"\\u00e9\\n\"", "\"\"", "\"UTC\""][random.below(4)]
            case 3, 4: return "\"\(keys[random.below(keys.count)])\""
            case 5: return "[" + (0..<random.below(4)).map { _ in value(depth + 1) }.joined(separator: ", ") + "]"
            default: return object(depth + 1)
            }
        }
        func object(_ depth: Int) -> String {
            "{" + (0..<random.below(5)).map { _ in " \"\(keys[random.below(keys.count)])\" : \(value(depth))" }.joined(separator: ",") + "}"
        }
        var compared = 0
        for _ in 0..<3_000 {
            var bytes = Array(object(0).utf8)
            // A third are broken: a byte cut off, doubled or replaced.
            if random.below(3) == 0, !bytes.isEmpty {
                let at = random.below(bytes.count)
                switch random.below(3) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(bytes[at], at: at)
                default:
                    let replacements = Array("{}[],:\"\\ x1".utf8)
                    bytes[at] = replacements[random.below(replacements.count)]
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let whole = try? JSONParser.parse(text)
            for key in ["timeZone", "a", "tz\u{41}", "\"", "", "missing"] {
                #expect(JSONParser.member(key, of: text) == whole?[key], "\(key) in \(text)")
                compared += whole?[key] == nil ? 0 : 1
            }
        }
        #expect(compared > 1_000)
        #expect(JSONParser.member("a", of: "[1]") == nil)
        #expect(JSONParser.member("a", of: #"{"a":1} x"#) == nil)
        #expect(JSONParser.member("a", of: #"{"a":1,"a":2}"#) == .integer(2))
    }

    @Test("rejects what RFC 8259 rejects", arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "NaN", "'a'", "{a:1}", "\"\\x\"", "\"\u{01}\"",
        "\"\\ud800\"", "\"\\udc00x\"", "[1] [2]", "tru", "1e999",
    ])
    func rejects(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test("rejects invalid UTF-8, also when escapes surround it")
    func invalidUTF8() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        // A truncated sequence (E2 80) cannot be completed by the bytes of an escape.
        let split: [UInt8] = [0x22, 0xE2, 0x80] + Array(#"\u0041"#.utf8) + [0xA8, 0x22]
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(split) }
    }

    @Test("limits nesting instead of overflowing the stack")
    func depth() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let failure = #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
        #expect(failure?.reason.contains("nesting") == true)
        #expect(try JSONParser.parse(String(repeating: "[", count: 200) + String(repeating: "]", count: 200)) != .null)
    }

    @Test("escapes control characters and line separators")
    func escaping() {
        #expect(JSONWriter.string(.string("a\u{0}b\u{2028}")) == #""a\u0000b\u2028""#)
        #expect(JSONWriter.string(.double(.infinity)) == "null")
        #expect(JSONWriter.string(.double(2.5)) == "2.5")
    }

    @Test("the byte writer escapes as a scalar-by-scalar writer would and writes numbers like Swift")
    func bytes() throws {
        let random = SeededRandom(seed: 5)
        let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "é", "\u{2028}", "\u{2029}", "\u{2027}", "€", "😀"]
        for _ in 0..<500 {
            var text = String.UnicodeScalarView()
            for _ in 0..<random.integer(below: 12) { text.append(alphabet[random.integer(below: alphabet.count)]) }
            var bytes = JSONBytes()
            bytes.write(String(text))
            #expect(bytes.text == Self.reference(String(text)))
            #expect(try JSONParser.parse(bytes.bytes) == .string(String(text)))
        }
        for number in [0, 7, -7, 10, 2_147_483_647, Int.min, Int.max] {
            var bytes = JSONBytes()
            bytes.write(number)
            #expect(bytes.text == String(number))
        }
        for number in [0.5, -0.0, 1e15, 1e14 + 1, 3.0, -2.25, .nan] {
            var bytes = JSONBytes()
            bytes.write(number)
            #expect(bytes.text == (number.isNaN ? "null" : number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)))
        }
    }

    /// The escaping rules written out one scalar at a time.
    private static func reference(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

@Suite("Cursors")
struct CursorTests {
    @Test("base64url round trips every length")
    func base64() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 5) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.encode(Array("pos:4".utf8)) == "cG9zOjQ")
        #expect(Base64URL.decode("cG9zOjQ=") == nil)
        #expect(Base64URL.decode("cG9zOjR") == nil)
    }

    @Test("cursors carry a list's name and a sort key, and reject anything else")
    func cursors() {
        let codec = CursorCodec(secret: Array(repeating: 3, count: 32))
        let cursor = codec.make(list: "logs", key: ["2026-01-01T00:00:00.000Z", "abc"])
        #expect(codec.sortKey(of: cursor, list: "logs", count: 2) == ["2026-01-01T00:00:00.000Z", "abc"])
        #expect(codec.sortKey(of: cursor, list: "sessions", count: 2) == nil)
        #expect(codec.sortKey(of: cursor, list: "logs", count: 3) == nil)
        #expect(CursorCodec(secret: Array(repeating: 4, count: 32)).sortKey(of: cursor, list: "logs", count: 2) == nil)
        #expect(codec.sortKey(of: "not-a-cursor", list: "logs", count: 2) == nil)
        #expect(codec.sortKey(of: Base64URL.encode(Array("pos:1".utf8)), list: "logs", count: 2) == nil)
    }

    @Test("page requests validate")
    func pageRequests() throws {
        let codec = CursorCodec(secret: Array(repeating: 3, count: 32))
        func resolve(_ request: PageRequest) throws -> (Int, PageStart) {
            try request.resolved(list: "logs", keyCount: 2, cursors: codec)
        }
        #expect(try resolve(PageRequest()) == (20, .offset(0)))
        #expect(try resolve(PageRequest(limit: 100, offset: 5)) == (100, .offset(5)))
        #expect(try resolve(PageRequest(limit: 3, offset: 9, after: codec.make(list: "logs", key: ["a", "b"]))) == (3, .after(["a", "b"])))
        #expect(throws: APIError.self) { try resolve(PageRequest(limit: 0)) }
        #expect(throws: APIError.self) { try resolve(PageRequest(limit: 101)) }
        #expect(throws: APIError.self) { try resolve(PageRequest(offset: -1)) }
    }
}
