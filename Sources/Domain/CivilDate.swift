/// Conversions between proleptic Gregorian dates and days since 1970-01-01
/// (Howard Hinnant's `days_from_civil` algorithm), exact for every representable year.
enum CivilDate {
    /// Days since 1970-01-01 of a year, month (1–12) and day (1–31).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of a count of days since 1970-01-01.
    static func fromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days in a month of a year.
    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Writes `YYYY-MM-DD` (a year of 0...9999) into the first ten bytes of `text`.
    static func write(year: Int64, month: Int64, day: Int64, into text: UnsafeMutableBufferPointer<UInt8>) {
        writeDigits(year, into: text, endingAt: 4, width: 4)
        text[4] = UInt8(ascii: "-")
        writeDigits(month, into: text, endingAt: 7, width: 2)
        text[7] = UInt8(ascii: "-")
        writeDigits(day, into: text, endingAt: 10, width: 2)
    }

    /// Writes the last `width` decimal digits of a non-negative `value` so that they end before
    /// `end`, zero-padded.
    static func writeDigits(_ value: Int64, into text: UnsafeMutableBufferPointer<UInt8>, endingAt end: Int, width: Int) {
        var rest = value
        for position in stride(from: end - 1, through: end - width, by: -1) {
            text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
