import Domain
import Foundation
import Storage

/// Each user's private iCalendar feed (RFC 5545) at an unguessable URL: the next 8 weeks of
/// their plan as events (recurring items as one event with an RRULE in their time zone) and
/// the last 8 weeks of practice as entries, for Google Calendar, Apple Calendar or Thunderbird
/// to subscribe to.
public struct CalendarFeedService: Sendable {
    /// How many days ahead the plan is shown, and how many back past practice is.
    public static let days = 56
    /// The most past logs one feed lists.
    public static let maxLogs = 2000
    /// When an event starts for a user without a reminder time (their local 18:00).
    static let defaultStart = 18 * 3600

    /// A user's feed as the app shows it.
    public struct Feed: Sendable, Equatable {
        /// The URL to subscribe to (it is the credential: whoever has it can read the calendar).
        public let url: String
        /// When this URL was made.
        public let createdAt: Timestamp
    }

    private let database: Database
    private let store: CalendarFeedStore
    private let planItems: PlanStore
    private let plans: PlanService
    private let users: UserStore
    private let cipher: FieldCipher
    private let settings: AuthSettings
    private let clock: any Clock
    private let random: any RandomSource
    private static let tokenColumn = "calendar_feeds.token"

    /// Creates the service.
    public init(database: Database, cipher: FieldCipher, plans: PlanService, settings: AuthSettings, clock: any Clock, random: any RandomSource) {
        self.database = database
        store = CalendarFeedStore(database: database)
        planItems = PlanStore(database: database)
        self.plans = plans
        users = UserStore(database: database)
        self.cipher = cipher
        self.settings = settings
        self.clock = clock
        self.random = random
    }

    /// Turns the viewer's feed on with a new URL; any earlier URL stops working (rotation).
    public func enable(viewer: Viewer) throws -> Feed {
        let userID = try viewer.userID()
        let token = Base64URL.encode(random.bytes(32))
        let now = clock.now()
        try database.transaction(lockingUsers: [userID]) { _ in
            try store.save(userID: userID, tokenHash: SHA256.hex(token), sealedToken: cipher.seal(token, column: Self.tokenColumn), at: now)
        }
        return Feed(url: url(token), createdAt: now)
    }

    /// The viewer's feed, or nil when it is off.
    public func feed(viewer: Viewer) throws -> Feed? {
        guard let feed = try store.feed(userID: viewer.userID()), let token = try? cipher.open(feed.sealedToken, column: Self.tokenColumn) else {
            return nil
        }
        return Feed(url: url(token), createdAt: feed.createdAt)
    }

    /// Turns the viewer's feed off: its URL answers 404 from now on. Answers whether it was on.
    public func revoke(viewer: Viewer) throws -> Bool {
        let userID = try viewer.userID()
        return try database.transaction(lockingUsers: [userID]) { _ in try store.delete(userID: userID) }
    }

    /// The calendar of the feed whose token this is, or nil for no such feed (forged, revoked,
    /// rotated or of a deleted account): one indexed lookup of the token's hash either way.
    public func document(token: String) throws -> String? {
        guard token.utf8.count == 43, Base64URL.decode(token)?.count == 32,
              let userID = try store.userID(tokenHash: SHA256.hex(token)), let user = try users.find(id: userID) else { return nil }
        let calendar = LocalCalendar(timeZone: user.preferences.timeZone)
        let now = clock.now()
        let today = calendar.day(of: now)
        let last = today.adding(days: Int64(Self.days - 1))
        let items = try planItems.list(userID: userID).filter { !$0.isPausedOrDeclined }
        let titles = try plans.titles(of: items, userID: userID)
        let logs = try store.pastLogs(userID: userID, since: calendar.midnight(of: today.adding(days: -Int64(Self.days))), limit: Self.maxLogs)
        let start = Int64(user.preferences.reminderTime.flatMap(ReminderService.minutes).map { $0 * 60 } ?? Self.defaultStart)
        let zone = calendar.zone.identifier

        var text = ICalendarText()
        text.add("BEGIN", "VCALENDAR")
        text.add("VERSION", "2.0")
        text.add("PRODID", "-//Mirubato//Practice plan//EN")
        text.add("CALSCALE", "GREGORIAN")
        text.add("METHOD", "PUBLISH")
        text.text("X-WR-CALNAME", "Mirubato practice")
        text.add("X-WR-TIMEZONE", zone)
        text.add("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
        text.add("X-PUBLISHED-TTL", "PT1H")
        VTimeZone.add(
            calendar.zone, from: calendar.midnight(of: today.adding(days: -Int64(Self.days) - 366)),
            to: calendar.midnight(of: last.adding(days: 366)), to: &text)
        let stamp = ICalendarText.utc(now)
        for item in items {
            let due = stride(from: today.number, through: last.number, by: 1).map(LocalDay.init(number:)).filter(item.isDue(on:))
            guard let first = due.first, let final = due.last else { continue }
            let title = titles[item.id] ?? ""
            text.add("BEGIN", "VEVENT")
            text.add("UID", "plan-\(item.id)@mirubato")
            text.add("DTSTAMP", stamp)
            text.add("LAST-MODIFIED", ICalendarText.utc(item.updatedAt))
            text.add("DTSTART;TZID=\(zone)", ICalendarText.localDateTime(first, seconds: start))
            text.add("DURATION", "PT\(item.targetMinutes)M")
            // The rule runs to the last due day in the window; the feed is re-read long before then.
            let until = ICalendarText.utc(calendar.midnight(of: final.adding(days: 1)).adding(seconds: -1))
            switch item.schedule.kind {
            case .once: break
            case .everyNDays: text.add("RRULE", "FREQ=DAILY;INTERVAL=\(item.schedule.everyDays ?? 1);UNTIL=\(until)")
            case .weekdays:
                let days = item.schedule.weekdays.sorted().map(\.iCalendarName).joined(separator: ",")
                text.add("RRULE", "FREQ=WEEKLY;WKST=MO;BYDAY=\(days);UNTIL=\(until)")
            }
            let skipped = due.filter(item.skippedDays.contains)
            if item.schedule.kind != .once, !skipped.isEmpty {
                text.add("EXDATE;TZID=\(zone)", skipped.map { ICalendarText.localDateTime($0, seconds: start) }.joined(separator: ","))
            }
            text.text("SUMMARY", "Practise: \(title) (\(item.targetMinutes) min)")
            var notes: [String] = []
            if let tempo = item.targetTempo { notes.append("Target tempo: \(tempo) BPM") }
            if !item.focusAreas.isEmpty { notes.append("Focus: " + item.focusAreas.map(\.rawValue).joined(separator: ", ")) }
            if let note = item.notes, !note.isEmpty { notes.append(note) }
            if !notes.isEmpty { text.text("DESCRIPTION", notes.joined(separator: "\n")) }
            text.text("CATEGORIES", "Practice plan")
            text.add("TRANSP", "OPAQUE")
            if item.schedule.kind == .once, item.skippedDays.contains(first) { text.add("STATUS", "CANCELLED") }
            text.add("END", "VEVENT")
        }
        for log in logs where log.startedAt <= now {
            let minutes = (log.seconds ?? 0) / 60
            let what = [log.title, log.composer].compactMap { $0 }.joined(separator: " – ")
            text.add("BEGIN", "VEVENT")
            text.add("UID", "log-\(log.id)@mirubato")
            text.add("DTSTAMP", stamp)
            text.add("DTSTART", ICalendarText.utc(log.startedAt))
            text.add("DURATION", "PT\(max(log.seconds ?? 60, 60))S")
            text.text("SUMMARY", "Practised: \(what.isEmpty ? log.activity.rawValue.replacingOccurrences(of: "_", with: " ") : what) (\(minutes) min)")
            text.text("CATEGORIES", "Practice log")
            text.add("STATUS", "CONFIRMED")
            text.add("TRANSP", "TRANSPARENT")
            text.add("END", "VEVENT")
        }
        text.add("END", "VCALENDAR")
        return text.document
    }

    private func url(_ token: String) -> String {
        settings.publicURL + "/calendar/" + token + ".ics"
    }
}
