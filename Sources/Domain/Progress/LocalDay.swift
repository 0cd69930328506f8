/// A calendar day (`YYYY-MM-DD`) in some time zone, counted as days since 1970-01-01 so that
/// streaks and windows are plain integer arithmetic.
public struct LocalDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let number: Int64

    /// The day with this number.
    public init(number: Int64) {
        self.number = number
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let parsed = ISO8601Parser.parsing(text) { parser -> Int64? in
            guard let day = parser.day(), parser.isAtEnd else { return nil }
            return day
        }
        guard let parsed else { return nil }
        number = parsed
    }

    /// The UTC day of an instant.
    public init(utcDayOf instant: Timestamp) {
        number = instant.milliseconds.floorDivided(by: 86_400_000)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = CivilDate.fromDays(number)
        guard (0...9999).contains(year) else { return "\(year.zeroPadded(4))-\(month.zeroPadded(2))-\(day.zeroPadded(2))" }
        // Ten bytes fit a small string: written in place, nothing allocated.
        return String(unsafeUninitializedCapacity: 10) { text in
            CivilDate.write(year: year, month: month, day: day, into: text)
            return 10
        }
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int64) -> LocalDay {
        LocalDay(number: number + count)
    }

    /// The Monday of the day's ISO week (1970-01-01 was a Thursday).
    public var weekStart: LocalDay {
        LocalDay(number: number - (number + 3).floorModulo(by: 7))
    }

    /// The first day of the day's calendar month.
    public var monthStart: LocalDay {
        let (year, month, _) = CivilDate.fromDays(number)
        return LocalDay(number: CivilDate.days(year: year, month: month, day: 1))
    }

    /// Midnight UTC of the day, for days shown as instants.
    public var utcMidnight: Timestamp {
        Timestamp(milliseconds: number * 86_400_000)
    }

    /// Orders days chronologically.
    public static func < (lhs: LocalDay, rhs: LocalDay) -> Bool {
        lhs.number < rhs.number
    }
}
