import Domain
import Storage
import Testing

@Suite("KV cache file")
struct KVStoreTests {
    private func store(clock: TestClock) throws -> KVStore {
        try KVStore(KVLocation(TestDatabase.freshKV()), clock: clock)
    }

    @Test("put, get, replace and delete")
    func basics() throws {
        let kv = try store(clock: TestClock())
        #expect(try kv.get("a") == nil)
        try kv.put("a", "1")
        #expect(try kv.get("a") == "1")
        try kv.put("a", "2")
        #expect(try kv.get("a") == "2")
        #expect(try kv.delete("a"))
        #expect(try !kv.delete("a"))
        #expect(try kv.get("a") == nil)
    }

    @Test("an expired entry is never returned")
    func expiry() throws {
        let clock = TestClock()
        let kv = try store(clock: clock)
        try kv.put("short", "x", ttl: 60)
        try kv.put("forever", "y")
        clock.advance(seconds: 59)
        #expect(try kv.get("short") == "x")
        clock.advance(seconds: 1)
        #expect(try kv.get("short") == nil)
        #expect(try kv.get("forever") == "y")
        #expect(try kv.list(prefix: "") == ["forever"])
    }

    @Test("list returns live keys with a prefix, in order")
    func listing() throws {
        let clock = TestClock()
        let kv = try store(clock: clock)
        for key in ["sheet:b", "sheet:a", "user:a", "sheet:c", "sheet_x"] { try kv.put(key, "v") }
        try kv.put("sheet:gone", "v", ttl: 1)
        clock.advance(seconds: 2)
        #expect(try kv.list(prefix: "sheet:") == ["sheet:a", "sheet:b", "sheet:c"])
        #expect(try kv.list(prefix: "sheet:", limit: 2) == ["sheet:a", "sheet:b"])
    }

    @Test("expired rows are swept")
    func sweeping() throws {
        let clock = TestClock()
        let kv = try store(clock: clock)
        for index in 0..<10 { try kv.put("k\(index)", "v", ttl: 5) }
        try kv.put("keep", "v")
        clock.advance(seconds: 10)
        #expect(try kv.sweep() == 10)
        #expect(try kv.sweep() == 0)
        #expect(try kv.get("keep") == "v")
    }

    @Test("writes sweep expired rows as they go", .kvFileOnly)
    func sweepOnWrite() throws {
        let clock = TestClock()
        let kv = try store(clock: clock)
        for index in 0..<5 { try kv.put("k\(index)", "v", ttl: 1) }
        clock.advance(seconds: 2)
        try kv.put("new", "v")
        #expect(try kv.sweep() == 0)
    }
}

@Suite("KV file log")
struct KVFileLogTests {
    @Test("one-request processes keep the KV file's log short: the next process reads at most about 64 pages of it at start; a serving process keeps SQLite's 1,000")
    func logStaysShort() throws {
        let path = TestDatabase.makeFolder() + "/kv.db"
        let clock = TestClock()
        // Each store stands for one process: open, count a request (as the rate limiter does), close.
        for request in 0..<300 {
            let store = try KVStore(path: path, clock: clock, options: .oneRequest)
            _ = try store.increment("rl:requests:client:\(request % 7)", ttl: 60)
            try store.put("page:\(request % 5)", String(repeating: "x", count: 900), ttl: 60)
        }
        // What the log holds now is what the next process's first connection reads to rebuild its index.
        let database = try Database(path: path)
        let logged = try #require(try database.first("PRAGMA wal_checkpoint(PASSIVE)") { $0.integer(1) } ?? nil)
        #expect(logged <= 64 + 8, "\(logged) pages in the log")
        // The default, for a process that serves many requests over one connection.
        let served = TestDatabase.makeFolder() + "/kv.db"
        let store = try KVStore(path: served, clock: clock)
        for request in 0..<300 { try store.put("page:\(request % 5)", String(repeating: "x", count: 900), ttl: 60) }
        let kept = try #require(try Database(path: served).first("PRAGMA wal_checkpoint(PASSIVE)") { $0.integer(1) } ?? nil)
        #expect(kept > 200, "\(kept) pages in the log")
    }
}
