import Domain

/// Rewrites what graphql-js 16 accepts inside string literals and GraphQLSwift 4.3.0's lexer
/// refuses, before parsing: the escapes `\u{1F3B9}` (any number of hex digits) and a surrogate
/// pair written as two escapes (`\uD83C\uDFB9`) become the characters they stand for, and a raw
/// control character becomes its `\uXXXX` escape. Only the inside of ordinary strings changes
/// (block strings are copied as they are); columns after a rewrite on the same line move.
enum UnicodeEscapes {
    /// The query with those spellings replaced; the same text when it has none.
    static func normalized(_ query: String) -> String {
        guard query.containsBytes(of: "\\u") || query.utf8.contains(where: { $0 < 0x20 && $0 != 9 && $0 != 10 && $0 != 13 }) else { return query }
        let bytes = Array(query.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if !inString {
                if bytes[index...].starts(with: [34, 34, 34]) {
                    // A block string: copied as it is up to its closing quotes (`\"""` does not close it).
                    var end = index + 3
                    while end < bytes.count, !bytes[end...].starts(with: [34, 34, 34]) {
                        end += bytes[end...].starts(with: [92, 34, 34, 34]) ? 4 : 1
                    }
                    end = min(bytes.count, end + 3)
                    output += bytes[index..<end]
                    index = end
                    continue
                }
                if byte == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != 10, bytes[index] != 13 { output.append(bytes[index]); index += 1 }
                    continue
                }
                if byte == 34 { inString = true }
                output.append(byte)
                index += 1
                continue
            }
            if byte == 34 || byte == 10 || byte == 13 { inString = false }
            if byte == 92, index + 1 < bytes.count {
                if bytes[index + 1] == UInt8(ascii: "u"), let (scalar, length) = escape(in: bytes, at: index) {
                    output += Array(String(Character(scalar)).utf8)
                    index += length
                    continue
                }
                // Any other escape is copied whole, so `\"` does not end the string here.
                output += bytes[index...index + 1]
                index += 2
                continue
            }
            if byte < 0x20, byte != 9, byte != 10, byte != 13 {
                output += Array(("\\u00" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)).utf8)
                index += 1
                continue
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The scalar of a braced escape or a surrogate pair at `start`, and how many bytes it spans.
    private static func escape(in bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        if start + 2 < bytes.count, bytes[start + 2] == UInt8(ascii: "{") {
            var end = start + 3
            while end < bytes.count, end - start < 12, hexValue(bytes[end]) != nil { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: "}"), end > start + 3,
                  let value = number(bytes[(start + 3)..<end]), let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, end - start + 1)
        }
        guard start + 11 < bytes.count, let high = number(bytes[(start + 2)..<(start + 6)]), (0xD800...0xDBFF).contains(high),
              bytes[start + 6] == 92, bytes[start + 7] == UInt8(ascii: "u"),
              let low = number(bytes[(start + 8)..<(start + 12)]), (0xDC00...0xDFFF).contains(low),
              let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        else { return nil }
        return (scalar, 12)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            guard let nibble = hexValue(digit), value <= 0x10FFFF else { return nil }
            value = value << 4 | nibble
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 48...57: UInt32(byte - 48)
        case 65...70: UInt32(byte - 55)
        case 97...102: UInt32(byte - 87)
        default: nil
        }
    }
}
