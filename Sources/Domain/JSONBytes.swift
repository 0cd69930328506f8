/// JSON text built as UTF-8 bytes: the response writers append to one buffer instead of
/// concatenating strings, and a writer can take back what it wrote (`truncate`) when a value
/// turns out to be null after all.
public struct JSONBytes: Sendable {
    /// The text so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Bytes written so far: a mark to `truncate` back to.
    public var count: Int { bytes.count }

    /// The text as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Drops everything written after `mark`.
    public mutating func truncate(to mark: Int) {
        bytes.removeSubrange(mark...)
    }

    /// Appends ASCII punctuation or a keyword such as `null`.
    public mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends bytes that already are JSON text.
    public mutating func append(raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Appends a whole number.
    public mutating func write(_ number: Int) {
        guard number != 0 else { bytes.append(UInt8(ascii: "0")); return }
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        // Digits come out last first: append them, then reverse them in place.
        let start = bytes.count
        var magnitude = number.magnitude
        while magnitude > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        bytes[start...].reverse()
    }

    /// Appends a double: whole values below 10^15 without a fraction, others as Swift prints
    /// them, and null for infinities and NaN (JSON has neither).
    public mutating func write(_ number: Double) {
        guard number.isFinite else { append("null"); return }
        if number.rounded() == number, abs(number) < 1e15 {
            write(Int(number))
        } else {
            bytes.append(contentsOf: String(number).utf8)
        }
    }

    /// Appends a quoted string, escaping quotes, backslashes, control characters and the two
    /// line separators JavaScript does not accept in string literals (U+2028, U+2029).
    public mutating func write(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let width: Int
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
                    guard byte == 0xE2, index + 2 < utf8.count, utf8[index + 1] == 0x80,
                          utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9 else {
                        index += 1
                        continue
                    }
                    width = 3
                } else {
                    width = 1
                }
                bytes.append(contentsOf: utf8[start..<index])
                appendEscape(width == 3 ? (utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029) : UInt32(byte))
                index += width
                start = index
            }
            bytes.append(contentsOf: utf8[start..<utf8.count])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ scalar: UInt32) {
        switch scalar {
        case 0x22: append("\\\"")
        case 0x5C: append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            append("\\u")
            for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int((scalar >> UInt32(shift)) & 0xF)]) }
        }
    }
}
