import ArgumentParser
import Domain
import Endpoint
import Foundation
import Services
import Storage

extension Benchmark {
    /// Handler time of the progress and history reads for one user of a large database: median
    /// and p95 of whole in-process requests, with the KV cache warm and with it emptied before
    /// each request (the first read after a write).
    func runScale(database path: String) async throws {
        let folder = NSTemporaryDirectory() + "mirubato-scale-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configuration = try benchmarkConfiguration(database: path, kv: folder + "/kv.db")
        let endpoint = try quietEndpoint(configuration)
        // The cold operations empty the KV file; an endpoint without the in-memory tier sees that.
        let uncached = try quietEndpoint(configuration) { $0.valueCacheSize = 0 }
        let token = try await signIn(endpoint, email: email)
        let kv = try KVStore(path: folder + "/kv.db", clock: configuration.clock)
        let storage = try Storage.Database(path: path)
        let logs = try storage.first("SELECT count(*) FROM practice_logs") { $0.integer(0) ?? 0 } ?? 0
        let own = try storage.first(
            "SELECT count(*) FROM practice_logs WHERE user_id = (SELECT id FROM users WHERE email = ?)", [.text(email)]) { $0.integer(0) ?? 0 } ?? 0
        let overview = """
            { myProgress { totalPracticeSeconds currentStreak longestStreak level skillAreas { skillArea level experiencePoints accuracyTrend } \
            dailySummaries { date sessions totalSeconds activities averageAccuracy } accuracyTrend { date value } tempoTrend { date value } \
            recentMilestones { date title } } }
            """
        let today = LocalDay(utcDayOf: configuration.clock.now())
        let year = #"from: "\#(today.adding(days: -364))", to: "\#(today)""#
        let statistics = "totalSeconds practiceDays longestStreak streakAtEnd periods { from totalSeconds totalLogs } activities { activityType totalSeconds } pieces { sheetMusicId totalSeconds } pieceCount"
        let cursor = try await feedAfterWrites(endpoint, token, writes: 1_000)
        try await addOwnPieces(endpoint, token, count: ownPieces)
        try await addPlan(endpoint, token, count: PlanService.maxItems, today: today)
        let week = #"from: "\#(today.adding(days: -3))", to: "\#(today.adding(days: 3))""#
        let operations: [(name: String, query: String, cold: Bool)] = [
            ("myProgress, cache warm", overview, false),
            ("myProgress, cache empty", overview, true),
            ("myProgress { level }, cache empty (data cost)", "{ myProgress { level } }", true),
            ("myPlan, 200 items, cache warm", "{ myPlan { date plannedMinutes items { state practicedSeconds planItem { id title targetMinutes } } } }", false),
            ("myPlan, 200 items, cache empty", "{ myPlan { date plannedMinutes items { state practicedSeconds planItem { id title targetMinutes } } } }", true),
            ("myPlanDays, 7 days of 200 items, cache warm", "{ myPlanDays(\(week)) { date items { state planItem { id } } } }", false),
            ("me { stats }, cache empty", "{ me { stats { totalPracticeDays totalPracticeSeconds uniquePieces averageAccuracy currentStreak longestStreak } } }", true),
            ("myPracticeSessions(limit: 20) + logs", "{ myPracticeSessions(limit: 20) { totalCount edges { node { id status durationSeconds accuracy logs { id activityType durationSeconds } } } } }", false),
            ("myAchievements", "{ myAchievements { id unlocked current } }", false),
            ("myRepertoire(limit: 20) + history", "{ myRepertoire(limit: 20) { totalCount edges { node { status practiceSeconds lastPracticedDate sheetMusic { title } history { toStatus changedAt } } } } }", false),
            ("myRepertoire(orderBy: LAST_PRACTICED, status: LEARNING)", "{ myRepertoire(orderBy: LAST_PRACTICED, status: LEARNING, limit: 20) { totalCount edges { node { practiceSeconds lastPracticedDate } } } }", false),
            ("changes after 1,000 writes (a page of 500)", #"{ changes(since: "\#(cursor)", limit: 500) { hasMore changes { entity id deleted practiceLog { id durationSeconds } } } }"#, false),
            ("myStatistics, a year by week, cache empty", "{ myStatistics(\(year), groupBy: WEEK) { \(statistics) } }", true),
            ("myStatistics, a year by day, cache empty", "{ myStatistics(\(year), groupBy: DAY) { \(statistics) } }", true),
            ("pieceSuggestions(\"noct\") among \(ownPieces) own pieces", #"{ pieceSuggestions(prefix: "noct") { id title composer } }"#, false),
            ("pieceSuggestions(\"noct op 1\")", #"{ pieceSuggestions(prefix: "noct op 1") { id title composer } }"#, false),
            ("composerSuggestions(\"ma\")", #"{ composerSuggestions(prefix: "ma") { name pieceCount } }"#, false),
            ("reference: listSheetMusic(search: \"noct\") of own pieces (a scan)", #"{ listSheetMusic(filter: {sourceType: USER_CREATED, search: "noct"}, limit: 10) { totalCount edges { node { id title } } } }"#, false),
            ("createPracticeLog", "mutation { createPracticeLog(input: {activityType: SCALES, durationSeconds: 300, tempoPracticed: 96}) { id } }", false),
        ]
        print("\(logs) logs in all, \(own) for \(email)\n")
        print("| operation | median ms | p95 ms |")
        print("|---|---|---|")
        for operation in operations {
            var samples: [Double] = []
            for index in 0..<(iterations + 5) {
                if operation.cold { for key in try kv.list(prefix: "") { _ = try kv.delete(key) } }
                let start = DispatchTime.now().uptimeNanoseconds
                let body = await call(operation.cold ? uncached : endpoint, operation.query, token)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
                guard !body.contains("\"errors\"") else { throw ValidationError("\(operation.name) failed: \(body.prefix(300))") }
                if index >= 5 { samples.append(elapsed) }
            }
            samples.sort()
            let p95 = samples[min(samples.count - 1, samples.count * 95 / 100)]
            print("| `\(operation.name)` | \(String(format: "%.2f", samples[samples.count / 2])) | \(String(format: "%.2f", p95)) |")
        }
        print("(\(iterations) requests each after 5 warm-ups; whole in-process requests: JSON in, JSON out)")
    }

    /// Gives the user a plan of `count` items, 25 per request: exercises every day, pieces of the
    /// catalogue on two weekdays, every third day, the way a full plan mixes them.
    private func addPlan(_ endpoint: Endpoint, _ token: String, count: Int, today: LocalDay) async throws {
        let pieces = await call(endpoint, "{ listSheetMusic(limit: 100) { edges { node { id } } } }", token)
            .matches(of: /"id":"([^"]+)"/).map { String($0.1) }
        let start = today.adding(days: -30)
        for batch in stride(from: 0, to: count, by: 25) {
            let creates = (batch..<min(count, batch + 25)).map { index in
                let what = index % 2 == 0 ? #"exercise: "Exercise \#(index)""# : #"sheetMusicId: "\#(pieces[index % pieces.count])""#
                let schedule = switch index % 3 {
                case 0: #"{kind: EVERY_N_DAYS, startDate: "\#(start)", everyDays: 1}"#
                case 1: #"{kind: WEEKDAYS, startDate: "\#(start)", weekdays: [MONDAY, THURSDAY]}"#
                default: #"{kind: EVERY_N_DAYS, startDate: "\#(start)", everyDays: 3}"#
                }
                return "p\(index): createPlanItem(input: {\(what), targetMinutes: \(10 + index % 20), schedule: \(schedule)}) { id }"
            }
            let body = await call(endpoint, "mutation { \(creates.joined(separator: " ")) }", token)
            guard !body.contains("\"errors\"") else { throw ValidationError("createPlanItem failed: \(body.prefix(300))") }
        }
    }

    /// How many pieces of their own the scale user gets for the autocomplete rows.
    private var ownPieces: Int { 10_000 }

    /// Adds `count` pieces of the user's own, 25 per request, with titles and composers drawn
    /// from small vocabularies (so prefixes match hundreds of them, as in a real library).
    private func addOwnPieces(_ endpoint: Endpoint, _ token: String, count: Int) async throws {
        let forms = ["Nocturne", "Etude", "Prelude", "Waltz", "Sonata", "Study", "Ballade", "Impromptu", "Mazurka", "Fugue", "Romance", "Caprice"]
        let keys = ["C major", "A minor", "G major", "E minor", "D major", "B minor", "F major", "D minor", "B-flat major", "E-flat major"]
        let given = ["Maria", "Johann", "Clara", "Franz", "Isaac", "Agustín", "Fanny", "Heitor", "Manuel", "Amy", "Leo", "Marta"]
        let surnames = ["Albéniz", "Barrios", "Carulli", "Duarte", "Mangoré", "Marschner", "Ortega", "Pujol", "Sagreras", "Tansman",
                        "Vidović", "Weiss", "Zenamon", "Brouwer", "Llobet", "Martin", "Malats", "Moreno", "Ponce", "Rodrigo"]
        for batch in stride(from: 0, to: count, by: 25) {
            let creates = (batch..<min(count, batch + 25)).map { index in
                let title = "\(forms[index % forms.count]) Op. \(1 + index / 120) No. \(1 + index % 10) in \(keys[index % keys.count])"
                let composer = "\(given[index % given.count]) \(surnames[(index / 7) % surnames.count])"
                return #"p\#(index): createSheetMusic(input: {title: "\#(title)", composer: "\#(composer)", instrument: GUITAR}) { id }"#
            }
            let body = await call(endpoint, "mutation { \(creates.joined(separator: " ")) }", token)
            guard !body.contains("\"errors\"") else { throw ValidationError("createSheetMusic failed: \(body.prefix(300))") }
        }
    }

    /// Follows the user's change feed to its end, then makes `writes` logs; answers the cursor
    /// from before them (what a device that was offline during those writes sends).
    private func feedAfterWrites(_ endpoint: Endpoint, _ token: String, writes: Int) async throws -> String {
        var cursor = ""
        var more = true
        while more {
            let since = cursor.isEmpty ? "null" : "\"\(cursor)\""
            let body = await call(endpoint, "{ changes(since: \(since), limit: 500) { cursor hasMore } }", token)
            guard let feed = (try? JSONParser.parse(body))?["data"]?["changes"], let next = feed["cursor"]?.stringValue else {
                throw ValidationError("changes failed: \(body.prefix(300))")
            }
            (cursor, more) = (next, feed["hasMore"] == .bool(true))
        }
        for _ in 0..<writes {
            _ = await call(endpoint, "mutation { createPracticeLog(input: {activityType: SCALES, durationSeconds: 120}) { id } }", token)
        }
        return cursor
    }
}
