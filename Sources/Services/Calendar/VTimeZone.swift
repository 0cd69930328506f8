import Domain
import Foundation

/// A `VTIMEZONE` for an IANA zone, from the zone's own transitions (tzdata through Foundation):
/// one observance per transition in the years around a feed, so a client that does not know
/// the zone (or knows an older rule) still places every event at the right instant.
enum VTimeZone {
    /// Adds the zone's component to `text`, covering the instants from `start` to `end`.
    static func add(_ zone: TimeZone, from start: Timestamp, to end: Timestamp, to text: inout ICalendarText) {
        text.add("BEGIN", "VTIMEZONE")
        text.add("TZID", zone.identifier)
        var instant = Date(timeIntervalSince1970: Double(start.seconds))
        let last = Date(timeIntervalSince1970: Double(end.seconds))
        var transitions: [Date] = []
        while let next = zone.nextDaylightSavingTimeTransition(after: instant), next <= last, transitions.count < 64 {
            transitions.append(next)
            instant = next
        }
        if transitions.isEmpty {
            // A zone without changes in the window: one standard observance with its offset.
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start.seconds)))
            observance("STANDARD", zone: zone, at: Date(timeIntervalSince1970: 0), from: offset, to: offset, text: &text)
        } else {
            for transition in transitions {
                let before = zone.secondsFromGMT(for: transition.addingTimeInterval(-1))
                let after = zone.secondsFromGMT(for: transition)
                observance(zone.isDaylightSavingTime(for: transition) ? "DAYLIGHT" : "STANDARD", zone: zone, at: transition,
                           from: before, to: after, text: &text)
            }
        }
        text.add("END", "VTIMEZONE")
    }

    private static func observance(_ kind: String, zone: TimeZone, at transition: Date, from: Int, to: Int, text: inout ICalendarText) {
        // DTSTART is the wall-clock time the change happens at, read in the offset before it.
        let wall = Int64(transition.timeIntervalSince1970) + Int64(from)
        let day = LocalDay(utcDayOf: Timestamp(seconds: wall))
        text.add("BEGIN", kind)
        text.add("DTSTART", ICalendarText.localDateTime(day, seconds: wall - day.number * 86_400))
        text.add("TZOFFSETFROM", ICalendarText.offset(from))
        text.add("TZOFFSETTO", ICalendarText.offset(to))
        if let name = zone.abbreviation(for: transition) { text.text("TZNAME", name) }
        text.add("END", kind)
    }
}
