import Domain
@testable import Services
import Storage
import Testing

/// `myStatistics` reads the day aggregates; these tests hold it against the logs themselves.
@Suite("Statistics of any range")
struct StatisticsTests {
    /// One log as the oracle reads it.
    private struct LogFacts {
        let instrument: Instrument, activity: ActivityType, day: LocalDay, seconds: Int
        let accuracyHundredths: Int?, rating: Int?, piece: String?
    }

    @Test("periods of a day, a week and a month cover the range exactly, clipped to it")
    func periods() throws {
        let first = try #require(LocalDay("2023-12-27")), last = try #require(LocalDay("2024-03-02"))
        for grouping in StatisticsGrouping.allCases {
            let periods = ProgressService.periods(from: first, through: last, grouping: grouping)
            #expect(periods.first?.first == first && periods.last?.last == last)
            for (earlier, later) in zip(periods, periods.dropFirst()) { #expect(later.first == earlier.last.adding(days: 1)) }
            for period in periods.dropFirst() { #expect(grouping.start(of: period.first) == period.first) }
        }
        let weeks = ProgressService.periods(from: first, through: last, grouping: .week)
        #expect(weeks[0].last.description == "2023-12-31" && weeks[1].first.description == "2024-01-01")  // Wednesday to Sunday; a Monday
        let months = ProgressService.periods(from: first, through: last, grouping: .month).map { "\($0.first)…\($0.last)" }
        #expect(months == ["2023-12-27…2023-12-31", "2024-01-01…2024-01-31", "2024-02-01…2024-02-29", "2024-03-01…2024-03-02"])
        #expect(ProgressService.periods(from: first, through: last, grouping: .day).count == 67)
    }

    @Test("any range, grouping and instrument answers what the logs themselves add up to, after random writes")
    func agreesWithTheLogs() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("ranges@example.com").accessToken)
        let userID = try viewer.userID()
        let pieces = try test.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: 6), viewer: .anonymous).items.map(\.id)
        let random = SeededRandom(seed: 31)
        func pick(_ count: Int) -> Int { random.integer(below: count) }
        var logs: [String] = []
        for step in 0..<240 {
            test.clock.advance(seconds: Int64(60 + pick(3_600)))
            if step % 60 == 30 {  // not last: the writes after it must be incremental
                var changes = ProfileChanges()
                changes.timeZone = ["Asia/Tokyo", "America/Los_Angeles", "UTC"][pick(3)]
                _ = try test.services.users.update(viewer: viewer, changes: changes)
            } else if pick(6) == 0, !logs.isEmpty {
                try test.services.logs.delete(viewer: viewer, id: logs.remove(at: pick(logs.count)))
            } else if pick(5) == 0, !logs.isEmpty {
                _ = try test.services.logs.update(
                    viewer: viewer, id: logs[pick(logs.count)], draft: ProgressTests.randomDraft(random, pieces: pieces, now: test.clock.now()),
                    expectedUpdatedAt: nil)
            } else {
                logs.append(try test.services.logs.create(viewer: viewer, LogCreation(
                    clientID: nil, requestHash: "h", sessionID: nil, templateID: nil,
                    draft: ProgressTests.randomDraft(random, pieces: pieces, now: test.clock.now()))).id)
            }
        }
        let facts = try test.database.query(
            """
            SELECT instrument, activity_type, local_day, duration_seconds, accuracy_percentage, self_rating, sheet_music_id
            FROM practice_logs WHERE user_id = ?
            """, [.text(userID)]
        ) { row in
            LogFacts(
                instrument: try row.choice("instrument"), activity: try row.choice("activity_type"), day: try row.day("local_day"),
                seconds: try row.optionalNumber("duration_seconds") ?? 0,
                accuracyHundredths: try row.optionalDouble("accuracy_percentage").map { Int(($0 * 100).rounded()) },
                rating: try row.optionalNumber("self_rating"), piece: try row.optionalText("sheet_music_id"))
        }
        let days = facts.map(\.day)
        let (earliest, latest) = (try #require(days.min()), try #require(days.max()))
        #expect(facts.count > 60 && latest.number - earliest.number > 20, "\(facts.count) logs")
        for round in 0..<40 {
            let first = earliest.adding(days: Int64(pick(Int(latest.number - earliest.number) + 1)) - 3)
            let last = first.adding(days: Int64(pick(50)))
            let instrument: Instrument? = [nil, .piano, .guitar][round % 3]
            let grouping = StatisticsGrouping.allCases[pick(3)]
            let answer = try test.services.progress.statistics(
                viewer: viewer, from: first.description, to: last.description, instrument: instrument, grouping: grouping)
            let inRange = facts.filter { (first...last).contains($0.day) && (instrument == nil || $0.instrument == instrument) }
            #expect(answer.totals == Self.totals(inRange), "\(first)…\(last) \(String(describing: instrument))")
            for period in answer.periods {
                #expect(period.totals == Self.totals(inRange.filter { (period.first...period.last).contains($0.day) }))
            }
            #expect(answer.periods.reduce(0) { $0 + $1.totals.logs } == inRange.count)
            let activities = Dictionary(grouping: inRange, by: \.activity).mapValues { ($0.count, $0.reduce(0) { $0 + $1.seconds }) }
            #expect(answer.activities.count == activities.count)
            for share in answer.activities { #expect(activities[share.activity].map { $0 == (share.logs, share.seconds) } == true) }
            let played = Dictionary(grouping: inRange.filter { $0.piece != nil }, by: { $0.piece ?? "" })
            #expect(answer.pieceCount == played.count)
            for share in answer.pieces {
                let logs = try #require(played[share.sheetMusicID])
                #expect(share.logs == logs.count && share.seconds == logs.reduce(0) { $0 + $1.seconds })
                #expect(share.lastPracticed == logs.map(\.day).max())
            }
            let streaks = Streaks(days: inRange.map(\.day))
            #expect(answer.longestStreak == streaks.longest && answer.streakAtEnd == streaks.current(today: last))
        }
    }

    /// What a set of logs adds up to, summed one log at a time.
    private static func totals(_ logs: [LogFacts]) -> PracticeStatistics.Totals {
        var totals = PracticeStatistics.Totals()
        totals.logs = logs.count
        totals.seconds = logs.reduce(0) { $0 + $1.seconds }
        totals.practiceDays = Set(logs.map(\.day)).count
        totals.ratingSum = logs.compactMap(\.rating).reduce(0, +)
        totals.ratingCount = logs.compactMap(\.rating).count
        totals.accuracySum = logs.compactMap(\.accuracyHundredths).reduce(0, +)
        totals.accuracyCount = logs.compactMap(\.accuracyHundredths).count
        return totals
    }

    @Test("bad ranges are BAD_USER_INPUT naming the argument, before any read")
    func badRanges() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("bad-ranges@example.com").accessToken)
        let cases: [(String, String, StatisticsGrouping, String)] = [
            ("2026-13-01", "2026-12-31", .day, "from"), ("2026-01-01", "2026-02-30", .day, "to"), ("2026-02-01", "2026-01-31", .day, "to"),
            ("2015-01-01", "2026-01-01", .month, "to"), ("2025-01-01", "2026-01-03", .day, "groupBy"),
        ]
        for (from, to, grouping, field) in cases {
            #expect {
                try test.services.progress.statistics(viewer: viewer, from: from, to: to, instrument: nil, grouping: grouping)
            } throws: { error in
                (error as? APIError).map { $0.code == .badUserInput && $0.extensions["field"] == .string(field) } == true
            }
        }
        #expect(throws: Never.self) {
            try test.services.progress.statistics(viewer: viewer, from: "2017-01-03", to: "2026-12-31", instrument: nil, grouping: .month)
        }
    }
}
