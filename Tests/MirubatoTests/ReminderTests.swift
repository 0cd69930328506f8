import Domain
import Foundation
import Services
import Storage
import Synchronization
import Testing

/// Practice reminders: one per user and local day, at each user's own local time, only when they
/// have not practised, with the day's plan, the streak and a working unsubscribe link.
@Suite("Practice reminders")
struct ReminderTests {
    private static func viewer(_ test: TestServices, _ email: String, zone: String, time: String = "18:00") throws -> Viewer {
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn(email).accessToken)
        var changes = ProfileChanges()
        changes.timeZone = zone
        changes.practiceReminders = true
        changes.reminderTime = .set(time)
        _ = try test.services.users.update(viewer: viewer, changes: changes)
        return viewer
    }

    private static func move(_ clock: TestClock, to iso: String) {
        clock.advance(seconds: Timestamp(iso8601: iso)!.seconds - clock.now().seconds)
    }

    private static func outbox(_ test: TestServices) -> OutboxStore {
        OutboxStore(database: test.database, cipher: FieldCipher(key: Array(repeating: 1, count: 32), random: SeededRandom(seed: 1)))
    }

    private static func reminders(_ test: TestServices, to email: String) throws -> Int {
        try test.count("email_outbox", where: "recipient = ? AND subject NOT LIKE '%sign-in%'", email)
    }

    @Test("Auckland and Los Angeles each get theirs at their own 18:00, on both sides of a DST change, once a day", arguments: [
        // Los Angeles moves to PDT on 2026-03-08: 18:00 is 02:00Z before, 01:00Z after.
        ("la@example.com", "America/Los_Angeles", ["2026-03-07T02:00:00Z", "2026-03-08T02:00:00Z", "2026-03-10T01:00:00Z"]),
        // Auckland leaves NZDT on 2026-04-05: 18:00 is 05:00Z before, 06:00Z after.
        ("nz@example.com", "Pacific/Auckland", ["2026-04-03T05:00:00Z", "2026-04-04T05:00:00Z", "2026-04-06T06:00:00Z"]),
    ])
    func localTimes(email: String, zone: String, times: [String]) throws {
        let test = try TestServices()
        _ = try Self.viewer(test, email, zone: zone)
        var expected = 0
        for time in times {
            let due = Timestamp(iso8601: time)!
            Self.move(test.clock, to: due.adding(seconds: -60).iso8601)
            _ = try test.services.reminders.run()
            #expect(try Self.reminders(test, to: email) == expected, "a minute before \(time)")
            Self.move(test.clock, to: time)
            #expect(try test.services.reminders.run() == 1, "at \(time)")
            test.clock.advance(seconds: 3 * 3600)
            #expect(try test.services.reminders.run() == 0, "later the same day")
            expected += 1
            #expect(try Self.reminders(test, to: email) == expected)
        }
    }

    @Test("no reminder on a day already practised; the mail lists the day's plan, the streak and an unsubscribe that works")
    func content() throws {
        let test = try TestServices()
        let viewer = try Self.viewer(test, "p@example.com", zone: "UTC", time: "08:00")
        // Practised on the 14th and 15th (TestDatabase.now is the 15th, 09:30 UTC).
        for day in ["2026-01-14T07:00:00Z", "2026-01-15T07:00:00Z"] {
            var draft = LogDraft()
            draft.activityType = .scales
            draft.instrument = .piano
            draft.startedAt = Timestamp(iso8601: day)
            draft.durationSeconds = .set(600)
            _ = try test.services.logs.create(viewer: viewer, LogCreation(clientID: nil, requestHash: day, sessionID: nil, templateID: nil, draft: draft))
        }
        var item = PlanItemDraft()
        item.exercise = .set("Chromatic scale, hands together")
        item.targetMinutes = 15
        item.schedule = .init(kind: .everyNDays, startDate: "2026-01-01", endDate: nil, everyDays: 1, weekdays: nil)
        _ = try test.services.plans.create(viewer: viewer, clientID: nil, requestHash: "i", draft: item)
        #expect(try test.services.reminders.run() == 0, "practised today")
        Self.move(test.clock, to: "2026-01-16T08:00:00Z")
        #expect(try test.services.reminders.run() == 1)
        let mail = try #require(try Self.outbox(test).newest(to: "p@example.com"))
        #expect(mail.subject == "Keep your 2-day streak: time to practise")
        #expect(mail.body.contains("  - Chromatic scale, hands together: 15 min"))
        let link = try #require(mail.body.firstMatch(of: /Turn these reminders off: (\S+)/).map { String($0.1) })
        #expect(mail.headers == ["List-Unsubscribe: <\(link)>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"])
        #expect(mail.lastError == nil)
        let token = String(link.split(separator: "token=")[1])
        #expect(try !test.services.reminders.unsubscribe(token: token.dropLast() + "A"))
        #expect(try test.services.reminders.unsubscribe(token: token))
        #expect(try test.services.users.me(viewer: viewer)?.preferences.practiceReminders == false)
        Self.move(test.clock, to: "2026-01-17T08:00:00Z")
        #expect(try test.services.reminders.run() == 0, "unsubscribed")
    }

    @Test("on a rest day by the musician's plan the reminder says so; without a plan it suggests a little practice")
    func restDay() throws {
        let test = try TestServices()
        let planner = try Self.viewer(test, "rest@example.com", zone: "UTC", time: "08:00")
        _ = try Self.viewer(test, "free@example.com", zone: "UTC", time: "08:00")
        var item = PlanItemDraft()
        item.exercise = .set("Scales")
        item.targetMinutes = 10
        // Mondays only; TestDatabase.now (the 15th) is a Thursday.
        item.schedule = .init(kind: .weekdays, startDate: "2026-01-01", endDate: nil, everyDays: nil, weekdays: [.monday])
        _ = try test.services.plans.create(viewer: planner, clientID: nil, requestHash: "r", draft: item)
        #expect(try test.services.reminders.run() == 2)
        #expect(try Self.outbox(test).newest(to: "rest@example.com")?.body.contains("Today is a rest day in your plan.") == true)
        #expect(try Self.outbox(test).newest(to: "free@example.com")?.body.contains("Nothing is planned for today") == true)
    }

    @Test("two runs at once, each on its own connection, queue one reminder (PostgreSQL: the claim is the row lock)")
    func concurrentRuns() throws {
        let paths = try TestDatabase.freshCopy()
        let clock = TestClock()
        let setup = try TestServices(paths: paths, clock: clock, seed: 1)
        for index in 0..<20 { _ = try Self.viewer(setup, "u\(index)@example.com", zone: "UTC", time: "09:00") }
        let queued = Mutex(0)
        let failures = Mutex<[String]>([])
        let threads = (0..<2).map { index in
            Thread {
                do {
                    let host = try TestServices(paths: paths, clock: clock, seed: UInt64(10 + index))
                    let count = try host.services.reminders.run()
                    queued.withLock { $0 += count }
                } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                }
            }
        }
        threads.forEach { $0.start() }
        while threads.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(failures.withLock { $0 } == [])
        #expect(queued.withLock { $0 } == 20)
        #expect(try setup.count("email_outbox", where: "subject = 'Time to practise'") == 20)
        #expect(try setup.count("reminders_sent") == 20)
    }
}
