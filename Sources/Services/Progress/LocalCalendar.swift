import Domain
import Foundation
import Storage

/// A user's calendar: which local day an instant falls on in their time zone, and when a local
/// day begins. Unknown zones fall back to UTC.
struct LocalCalendar: Sendable {
    let zone: TimeZone

    /// The calendar of an IANA time zone.
    init(timeZone identifier: String) {
        zone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0) ?? .current
    }

    /// The calendar of a user's preferences (UTC for unknown users).
    init(userID: String, users: UserStore) throws {
        self.init(timeZone: try users.practiceDefaults(id: userID)?.timeZone ?? "UTC")
    }

    /// The local day of an instant.
    func day(of instant: Timestamp) -> LocalDay {
        LocalDay(utcDayOf: instant.adding(seconds: offset(at: instant)))
    }

    /// The instant local midnight of a day begins (the first instant of the day across a DST gap).
    func midnight(of day: LocalDay) -> Timestamp {
        let guess = day.utcMidnight
        let first = guess.adding(seconds: -offset(at: guess))
        return guess.adding(seconds: -offset(at: first))
    }

    /// Seconds since local midnight on the wall clock (03:00 is 10,800 even on a day a DST
    /// change made shorter).
    func wallClockSeconds(of instant: Timestamp) -> Int64 {
        let seconds = (instant.seconds + offset(at: instant)) % 86_400
        return seconds < 0 ? seconds + 86_400 : seconds
    }

    /// The zone's offset from UTC at an instant, in seconds.
    private func offset(at instant: Timestamp) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.seconds))))
    }
}
