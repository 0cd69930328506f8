import Domain
import Foundation
import Storage

/// Practice reminders: `mirubato remind` queues one mail per user and local day once their
/// reminder time has passed and they have not practised yet; the mail lists the day's plan and
/// the streak at stake, and carries a one-click unsubscribe link (RFC 8058).
public struct ReminderService: Sendable {
    private let database: Database
    private let store: ReminderStore
    private let users: UserStore
    private let outbox: OutboxStore
    private let plans: PlanService
    private let settings: AuthSettings
    private let clock: any Clock
    private let random: any RandomSource

    /// Creates the service.
    public init(database: Database, cipher: FieldCipher, plans: PlanService, settings: AuthSettings, clock: any Clock, random: any RandomSource) {
        self.database = database
        store = ReminderStore(database: database)
        users = UserStore(database: database)
        outbox = OutboxStore(database: database, cipher: cipher)
        self.plans = plans
        self.settings = settings
        self.clock = clock
        self.random = random
    }

    /// Queues the reminders due now; answers how many were queued. Safe to run at once on any
    /// number of hosts: a user gets at most one per local day.
    public func run() throws -> Int {
        var queued = 0
        for user in try store.candidates() {
            let preferences = user.preferences
            guard preferences.practiceReminders, let time = preferences.reminderTime.flatMap(Self.minutes) else { continue }
            let calendar = LocalCalendar(timeZone: preferences.timeZone)
            let now = clock.now()
            guard calendar.wallClockSeconds(of: now) >= Int64(time) * 60 else { continue }
            let today = calendar.day(of: now)
            // Every later run of the day meets this first, without reading the practice days.
            guard try !store.isClaimed(userID: user.id, day: today) else { continue }
            let sent = try database.transaction(lockingUsers: [user.id]) { _ -> Bool in
                let days = try store.practiceDays(userID: user.id, since: today.adding(days: -400))
                guard days.last != today, try store.claim(userID: user.id, day: today, at: now) else { return false }
                try enqueue(to: user, today: today, practiceDays: days, calendar: calendar, test: false)
                return true
            }
            if sent { queued += 1 }
        }
        return queued
    }

    /// Queues a reminder to the viewer now, whatever the time and their settings (the app's
    /// "Send a test"); it claims no day, so the real one still comes.
    public func sendTest(viewer: Viewer) throws {
        let userID = try viewer.userID()
        guard let user = try users.find(id: userID) else { throw APIError(.unauthenticated, "Sign in again.") }
        let calendar = LocalCalendar(timeZone: user.preferences.timeZone)
        let today = calendar.day(of: clock.now())
        try database.transaction(lockingUsers: [userID]) { _ in
            let days = try store.practiceDays(userID: userID, since: today.adding(days: -400))
            try enqueue(to: user, today: today, practiceDays: days, calendar: calendar, test: true)
        }
    }

    /// The link that turns a user's reminders off: their id and an HMAC of it under the
    /// server's key, so it cannot be made for someone else and needs nothing stored.
    public func unsubscribeURL(userID: String) -> String {
        settings.publicURL + "/unsubscribe?token=" + Base64URL.encode(Array(userID.utf8)) + "." + Base64URL.encode(Self.mac(userID, settings))
    }

    /// Whether `token` is a valid unsubscribe token.
    public func userID(unsubscribeToken token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 64, let id = Base64URL.decode(String(parts[0])), let mac = Base64URL.decode(String(parts[1])),
              let userID = String(bytes: id, encoding: .utf8), HMACSHA256.constantTimeEqual(mac, Self.mac(userID, settings)) else { return nil }
        return userID
    }

    /// Turns reminders off for the user a valid token names; false for a forged token or an
    /// account that no longer exists.
    public func unsubscribe(token: String) throws -> Bool {
        guard let userID = userID(unsubscribeToken: token) else { return false }
        return try database.transaction(lockingUsers: [userID]) { _ in
            guard var user = try users.find(id: userID) else { return false }
            guard user.preferences.practiceReminders else { return true }
            user.preferences.practiceReminders = false
            user.updatedAt = Timestamp.stamp(clock.now(), after: user.updatedAt)
            try users.update(user)
            return true
        }
    }

    private func enqueue(to user: User, today: LocalDay, practiceDays: [LocalDay], calendar: LocalCalendar, test: Bool) throws {
        let plan = try plans.days(userID: user.id, from: today, through: today, calendar: calendar)[0]
        let titles = try plans.titles(of: plan.items.map(\.item), userID: user.id)
        let streak = Streaks(days: practiceDays).current(today: today)
        let unsubscribe = unsubscribeURL(userID: user.id)
        var lines = [test ? "This is a test of your practice reminder." : "It's time to practise."]
        let open = plan.items.filter { [.due, .partlyDone].contains($0.state) }
        if open.isEmpty {
            // A rest day by the musician's own plan reads as one, not as a nag.
            let hasPlan = try plans.hasItems(userID: user.id)
            lines += ["", !plan.items.isEmpty ? "Everything on today's plan is done or skipped."
                : hasPlan ? "Today is a rest day in your plan. If you feel like playing anyway, ten minutes keeps your streak."
                : "Nothing is planned for today: even ten minutes of scales keeps your hands in shape."]
        } else {
            lines += ["", "Today's plan:"]
            for entry in open {
                let title = titles[entry.item.id] ?? ""
                let left = entry.item.targetMinutes - entry.practicedSeconds / 60
                lines.append("  - \(title): \(left) min" + (entry.state == .partlyDone ? " left" : ""))
            }
        }
        if streak > 0 {
            lines += ["", "Your streak: \(streak) day\(streak == 1 ? "" : "s"). Practise today to keep it going."]
        }
        lines += ["", "Open Mirubato: \(settings.publicURL)/", "", "Turn these reminders off: \(unsubscribe)"]
        try outbox.enqueue(
            id: Nanoid.make(using: random), recipient: user.email,
            subject: test ? "Test: your practice reminder" : (streak > 0 ? "Keep your \(streak)-day streak: time to practise" : "Time to practise"),
            body: lines.joined(separator: "\n"),
            headers: ["List-Unsubscribe: <\(unsubscribe)>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"],
            // Not worth sending once the day is over.
            expiresAt: calendar.midnight(of: today.adding(days: 1)), at: clock.now())
    }

    /// Minutes since midnight of an `HH:MM` time.
    static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...23).contains(hours), (0...59).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }

    private static func mac(_ userID: String, _ settings: AuthSettings) -> [UInt8] {
        HMACSHA256.authenticate(Array("mirubato unsubscribe v1\n\(userID)".utf8), key: settings.jwtKey)
    }
}
