/// On which local days a plan item is due: one day, every N days from its start, or chosen
/// weekdays; never before `start` nor after `end`.
public struct PlanSchedule: Sendable, Equatable, Codable {
    /// How the days repeat.
    public enum Kind: String, NamedEnum {
        /// On `start` only.
        case once
        /// On `start` and every `everyDays` days after it.
        case everyNDays = "every_n_days"
        /// On the chosen weekdays from `start`.
        case weekdays
    }

    /// How the days repeat.
    public var kind: Kind
    /// The first day it is due (the only one for `once`).
    public var start: LocalDay
    /// The last day it may be due; nil for open-ended.
    public var end: LocalDay?
    /// The gap in days for `everyNDays` (1 is daily).
    public var everyDays: Int?
    /// The weekdays for `weekdays`.
    public var weekdays: Set<Weekday>

    /// A schedule with these values (not validated: see `PlanService`).
    public init(kind: Kind, start: LocalDay, end: LocalDay? = nil, everyDays: Int? = nil, weekdays: Set<Weekday> = []) {
        (self.kind, self.start, self.end, self.everyDays, self.weekdays) = (kind, start, end, everyDays, weekdays)
    }

    /// The last day the schedule can fall on (a `once` schedule ends on its start).
    public var lastDay: LocalDay? {
        kind == .once ? start : end
    }

    /// Whether the schedule falls on `day`.
    public func includes(_ day: LocalDay) -> Bool {
        guard day >= start, lastDay.map({ day <= $0 }) ?? true else { return false }
        switch kind {
        case .once: return day == start
        case .everyNDays: return (day.number - start.number) % Int64(max(everyDays ?? 1, 1)) == 0
        case .weekdays: return weekdays.contains(Weekday(of: day))
        }
    }

    /// The weekdays as a bit set (Monday 1, Tuesday 2, … Sunday 64), as stored.
    public var weekdayMask: Int {
        weekdays.reduce(0) { $0 | $1.bit }
    }

    /// The weekdays of a stored bit set.
    public static func weekdays(mask: Int) -> Set<Weekday> {
        Set(Weekday.allCases.filter { mask & $0.bit != 0 })
    }
}

/// A day of the week, Monday first (ISO 8601).
public enum Weekday: String, NamedEnum, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of a day (1970-01-01 was a Thursday).
    public init(of day: LocalDay) {
        self = Array(Self.allCases)[Int((day.number + 3).floorModulo(by: 7))]
    }

    /// Its bit in a stored set.
    public var bit: Int { 1 << (Array(Self.allCases).firstIndex(of: self) ?? 0) }

    /// iCalendar's two-letter name (RFC 5545 `BYDAY`).
    public var iCalendarName: String { String(rawValue.prefix(2)).uppercased() }

    /// Monday first.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        lhs.bit < rhs.bit
    }
}
