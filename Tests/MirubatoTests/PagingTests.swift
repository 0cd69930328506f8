import Domain
import Services
import Storage
import Testing

/// Cursors are places in a list, not positions: paging through a list while it changes must
/// show every item that was there all along exactly once.
@Suite("Keyset paging")
struct PagingTests {
    private func signedIn(_ test: TestServices) throws -> Viewer {
        try test.services.auth.authenticate(accessToken: test.signIn("pages@example.com").accessToken)
    }

    private func log(_ test: TestServices, _ viewer: Viewer, minutesAgo: Int64, client: String? = nil) throws -> PracticeLog {
        var draft = LogDraft()
        draft.activityType = .scales
        draft.durationSeconds = .set(60)
        draft.startedAt = TestDatabase.now.adding(seconds: -60 * minutesAgo)
        return try test.services.logs.create(
            viewer: viewer, LogCreation(clientID: client, requestHash: "h\(minutesAgo)", sessionID: nil, templateID: nil, draft: draft))
    }

    private func page(_ test: TestServices, _ viewer: Viewer, after: String?, limit: Int = 5) throws -> Page<PracticeLog> {
        try test.services.logs.logs(viewer: viewer, filter: LogFilter(), page: PageRequest(limit: limit, after: after))
    }

    @Test("inserts and deletes between pages: every stable log once, no repeat, no gap", arguments: 0..<8)
    func logsWhileChanging(seed: UInt64) throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        // Some logs share a start time, so ties are broken by id.
        var stable: Set<String> = []
        for minute in 0..<23 { stable.insert(try log(test, viewer, minutesAgo: Int64(10 + minute / 2 * 2)).id) }
        let random = SeededRandom(seed: seed)
        var seen: [String] = []
        var after: String?
        var minute: Int64 = 1_000
        repeat {
            let page = try page(test, viewer, after: after)
            seen += page.items.map(\.id)
            #expect(page.cursors.count == page.items.count)
            #expect(page.hasPreviousPage == (after != nil))
            after = page.cursors.last
            guard page.hasNextPage else { break }
            // Between pages: a new log before and one after the cursor, and a stable one deleted.
            _ = try log(test, viewer, minutesAgo: 0)
            minute += 1
            _ = try log(test, viewer, minutesAgo: minute)
            let candidates = stable.sorted()
            if !candidates.isEmpty, random.integer(below: 2) == 0 {
                let victim = candidates[random.integer(below: candidates.count)]
                try test.services.logs.delete(viewer: viewer, id: victim)
                stable.remove(victim)
                seen.removeAll { $0 == victim }
            }
        } while true
        #expect(Set(seen).count == seen.count, "a log was shown twice")
        #expect(stable.isSubset(of: Set(seen)), "missing: \(stable.subtracting(seen))")
    }

    @Test("offset paging keeps working for limit/offset clients")
    func offsets() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        for minute in 0..<7 { _ = try log(test, viewer, minutesAgo: Int64(minute)) }
        let second = try test.services.logs.logs(viewer: viewer, filter: LogFilter(), page: PageRequest(limit: 3, offset: 3))
        let all = try test.services.logs.logs(viewer: viewer, filter: LogFilter(), page: PageRequest(limit: 100))
        #expect(second.items.map(\.id) == Array(all.items.map(\.id)[3..<6]))
        #expect(second.hasPreviousPage && second.hasNextPage && second.totalCount == 7)
        #expect(!all.hasPreviousPage && !all.hasNextPage)
        // An offset page's cursor continues where it ends.
        let next = try page(test, viewer, after: second.cursors.last, limit: 3)
        #expect(next.items.map(\.id) == [all.items[6].id])
    }

    @Test("a malformed, edited or foreign cursor is BAD_USER_INPUT on after")
    func tamperedCursors() throws {
        let test = try TestServices()
        let viewer = try signedIn(test)
        for minute in 0..<3 { _ = try log(test, viewer, minutesAgo: Int64(minute)) }
        let cursor = try #require(try page(test, viewer, after: nil, limit: 1).cursors.first)
        let parts = cursor.split(separator: ".").map(String.init)
        let forged = Base64URL.encode(Array(#"["practiceLogs","9999-01-01T00:00:00.000Z","zzz"]"#.utf8)) + "." + parts[1]
        let sessions = try test.services.sessions.sessions(viewer: viewer, instrument: nil, from: nil, to: nil, page: PageRequest())
        let catalogue = try #require(try test.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: 1), viewer: .anonymous).cursors.first)
        for bad in ["", "nope", "cG9zOjA", forged, parts[0] + ".AAAA", String(repeating: "a", count: 5000), catalogue] {
            let error = #expect(throws: APIError.self) { try page(test, viewer, after: bad) }
            #expect(error?.code == .badUserInput && error?.extensions["field"] == .string("after"), "\(bad.prefix(40))")
        }
        #expect(sessions.items.isEmpty)
    }

    @Test("limit is 1 to 100: 0 and 101 are both refused", arguments: [0, 101, -1])
    func limits(limit: Int) throws {
        let test = try TestServices()
        let error = #expect(throws: APIError.self) {
            try test.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: limit), viewer: .anonymous)
        }
        #expect(error?.code == .badUserInput && error?.extensions["field"] == .string("limit"))
    }
}
