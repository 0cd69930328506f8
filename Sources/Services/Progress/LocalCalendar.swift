import Domain
import Foundation
import Storage

/// A user's calendar: which local day an instant falls on in their time zone, and when a local
/// day begins. Unknown zones fall back to UTC.
struct LocalCalendar: Sendable {
    private let zone: TimeZone

    /// The calendar of an IANA time zone.
    init(timeZone identifier: String) {
        zone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0) ?? .current
    }

    /// The calendar of a user's preferences (UTC for unknown users).
    init(userID: String, users: UserStore) throws {
        self.init(timeZone: try users.find(id: userID)?.preferences.timeZone ?? "UTC")
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

    private func offset(at instant: Timestamp) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.seconds))))
    }
}
