/// A strict parser for the ISO-8601 forms the API accepts; see `Timestamp.init(iso8601:)` and
/// `LocalDay.init(_:)`. It reads the text's own UTF-8 bytes in place: every stored day and
/// timestamp read back comes through here.
struct ISO8601Parser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// What `read` makes of a parser over `text`.
    static func parsing<Value>(_ text: String, _ read: (inout ISO8601Parser) -> Value?) -> Value? {
        var text = text
        return text.withUTF8 { bytes in
            var parser = ISO8601Parser(bytes: bytes)
            return read(&parser)
        }
    }

    /// Milliseconds since the epoch, or nil when the text is not a valid instant.
    mutating func parse() -> Int64? {
        guard bytes.count <= 40, let days = day() else { return nil }
        if index == bytes.count { return days * 86_400_000 }
        guard literal("T") || literal("t") || literal(" "),
              let hour = number(2), literal(":"), let minute = number(2), hour < 24, minute < 60
        else { return nil }
        var second: Int64 = 0
        var millis: Int64 = 0
        if literal(":") {
            guard let s = number(2), s < 60 else { return nil }
            second = s
            if literal(".") || literal(",") {
                var scale: Int64 = 100
                var digits = 0
                while index < bytes.count, let digit = digit(bytes[index]) {
                    millis += digit * scale
                    scale /= 10
                    digits += 1
                    index += 1
                }
                guard digits > 0, digits <= 9 else { return nil }
            }
        }
        guard let offset = zoneOffsetMinutes(), index == bytes.count else { return nil }
        return ((days * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + millis
    }

    /// Days since 1970-01-01 of the `YYYY-MM-DD` the text starts with, or nil when it is not a
    /// possible date.
    mutating func day() -> Int64? {
        guard let year = number(4), literal("-"), let month = number(2), literal("-"), let day = number(2),
              (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        return CivilDate.days(year: year, month: month, day: day)
    }

    /// Whether the whole text has been read.
    var isAtEnd: Bool { index == bytes.count }

    private mutating func zoneOffsetMinutes() -> Int64? {
        if literal("Z") || literal("z") { return 0 }
        let sign: Int64
        if literal("+") { sign = 1 } else if literal("-") { sign = -1 } else { return nil }
        guard let hours = number(2), literal(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
        return sign * (hours * 60 + minutes)
    }

    private mutating func literal(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private mutating func number(_ width: Int) -> Int64? {
        guard index + width <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + width] {
            guard let digit = digit(byte) else { return nil }
            value = value * 10 + digit
        }
        index += width
        return value
    }

    private func digit(_ byte: UInt8) -> Int64? {
        (48...57).contains(byte) ? Int64(byte - 48) : nil
    }
}
