import Domain
import Foundation

/// RFC 5545 text: content lines folded at 75 octets, TEXT values escaped, and the date-time forms
/// a feed uses.
struct ICalendarText {
    private(set) var lines: [String] = []

    /// Appends a property (`NAME;PARAMS:value`), the value already in its final form.
    mutating func add(_ name: String, _ value: String) {
        lines.append(Self.fold(name + ":" + value))
    }

    /// Appends a TEXT property, escaping its value.
    mutating func text(_ name: String, _ value: String) {
        add(name, Self.escaped(value))
    }

    /// The calendar object, CRLF after every line.
    var document: String {
        lines.map { $0 + "\r\n" }.joined()
    }

    /// TEXT escaping: backslash, semicolon, comma and line breaks.
    static func escaped(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(character)
            }
        }
        return out
    }

    /// Splits a line into chunks of at most 75 octets, never inside a UTF-8 sequence; each
    /// continuation starts with a space.
    static func fold(_ line: String) -> String {
        var chunks: [String] = []
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            let limit = chunks.isEmpty ? 75 : 74
            if octets + size > limit {
                chunks.append(current)
                current = ""
                octets = 0
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        chunks.append(current)
        return chunks.joined(separator: "\r\n ")
    }

    /// `YYYYMMDD` of a day.
    static func date(_ day: LocalDay) -> String {
        day.description.replacingOccurrences(of: "-", with: "")
    }

    /// A local date-time, `YYYYMMDDTHHMMSS`, of a day and seconds after its midnight.
    static func localDateTime(_ day: LocalDay, seconds: Int64) -> String {
        date(day) + "T" + [seconds / 3600, seconds / 60 % 60, seconds % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
    }

    /// A UTC date-time, `YYYYMMDDTHHMMSSZ`.
    static func utc(_ instant: Timestamp) -> String {
        let day = LocalDay(utcDayOf: instant)
        return localDateTime(day, seconds: instant.seconds - day.number * 86_400) + "Z"
    }

    /// A UTC offset, `+1300` or `-0800`.
    static func offset(_ seconds: Int) -> String {
        let magnitude = abs(seconds) / 60
        let text = String(magnitude / 60 * 100 + magnitude % 60)
        return (seconds < 0 ? "-" : "+") + String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
