/// An instant in UTC with millisecond precision, stored and served as ISO-8601 text.
///
/// Formatting is done by hand rather than with `DateFormatter`: it is on every hot path
/// and must give the same text on every platform.
public struct Timestamp: Hashable, Comparable, Sendable, Codable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    /// Creates a timestamp from milliseconds since the Unix epoch.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Creates a timestamp from whole seconds since the Unix epoch.
    public init(seconds: Int64) {
        self.milliseconds = seconds * 1000
    }

    /// Whole seconds since the Unix epoch, rounded down.
    public var seconds: Int64 { milliseconds.floorDivided(by: 1000) }

    /// This instant moved by a number of seconds.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(milliseconds: milliseconds + seconds * 1000)
    }

    /// The `updated_at` for a row written at `now` that was last written at `previous`: `now`, or
    /// one millisecond after `previous` if that is later, so every write moves it forward (even
    /// under a fixed test clock) and the schema's safety-net triggers never need to fire.
    public static func stamp(_ now: Timestamp, after previous: Timestamp) -> Timestamp {
        max(now, Timestamp(milliseconds: previous.milliseconds + 1))
    }

    /// The UTC calendar day, as `YYYY-MM-DD`.
    public var day: String { String(iso8601.prefix(10)) }

    /// The instant as `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public var iso8601: String {
        let days = milliseconds.floorDivided(by: 86_400_000)
        let msOfDay = milliseconds - days * 86_400_000
        let (year, month, day) = CivilDate.fromDays(days)
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let millis = msOfDay % 1000
        guard (0...9999).contains(year) else {
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millis, 3))Z"
        }
        // Written digit by digit: every stored row and every DateTime in a response goes through here.
        return String(unsafeUninitializedCapacity: 24) { text in
            CivilDate.write(year: year, month: month, day: day, into: text)
            text[10] = UInt8(ascii: "T")
            CivilDate.writeDigits(hour, into: text, endingAt: 13, width: 2)
            text[13] = UInt8(ascii: ":")
            CivilDate.writeDigits(minute, into: text, endingAt: 16, width: 2)
            text[16] = UInt8(ascii: ":")
            CivilDate.writeDigits(second, into: text, endingAt: 19, width: 2)
            text[19] = UInt8(ascii: ".")
            CivilDate.writeDigits(millis, into: text, endingAt: 23, width: 3)
            text[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// Parses ISO-8601 UTC or offset text: `2026-01-15`, `2026-01-15T09:30:00Z`,
    /// `2026-01-15T09:30:00.5+01:00`. Returns nil for anything else, including impossible dates.
    public init?(iso8601 text: String) {
        guard let parsed = ISO8601Parser.parsing(text, { $0.parse() }) else { return nil }
        self.milliseconds = parsed
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    private func pad(_ value: Int64, _ width: Int) -> String {
        value.zeroPadded(width)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, so instants before 1970 land on the right day.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder that matches `floorDivided(by:)`: never negative for a positive divisor.
    func floorModulo(by divisor: Int64) -> Int64 {
        self - floorDivided(by: divisor) * divisor
    }

    /// Decimal digits padded with leading zeros to at least `width`.
    func zeroPadded(_ width: Int) -> String {
        let digits = String(self)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
