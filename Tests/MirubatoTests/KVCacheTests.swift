import Domain
@testable import Services
import Storage
import Testing

/// The read-through cache over the KV file and its in-memory tier.
@Suite("KV read-through cache")
struct KVCacheTests {
    private struct Value: Codable, Sendable, Equatable {
        let text: String
    }

    @Test("a value is computed once, then served from memory, then from the file when memory forgets it")
    func tiers() throws {
        let clock = TestClock()
        let kv = try KVStore(path: TestDatabase.makeFolder() + "/kv.db", clock: clock)
        let memory = KVCache.Memory(capacity: 1)
        let cache = KVCache(kv: kv, memory: memory, clock: clock)
        var computed = 0
        func read(_ key: String) throws -> Value {
            try cache.value(key, ttl: 60) {
                computed += 1
                return Value(text: "\(key)#\(computed)")
            }
        }
        #expect(try read("a") == Value(text: "a#1"))
        #expect(try kv.get("a") == #"{"text":"a#1"}"#)
        // Memory answers even when the file's entry is gone.
        #expect(try kv.delete("a"))
        #expect(try read("a") == Value(text: "a#1"))
        #expect(computed == 1)
        // "b" pushes "a" out of the one-entry memory; "a" is then computed again (the file lost it).
        #expect(try read("b") == Value(text: "b#2"))
        #expect(memory.count == 1)
        #expect(try read("a") == Value(text: "a#3"))
        // Memory forgets "b" again, and the file still has it: decoded, not computed.
        #expect(try read("b") == Value(text: "b#2"))
        #expect(computed == 3)
    }

    @Test("memory entries expire with the TTL")
    func expiry() throws {
        let clock = TestClock()
        let kv = try KVStore(path: TestDatabase.makeFolder() + "/kv.db", clock: clock)
        let cache = KVCache(kv: kv, memory: KVCache.Memory(capacity: 8), clock: clock)
        var computed = 0
        let compute = {
            computed += 1
            return Value(text: "v\(computed)")
        }
        #expect(try cache.value("k", ttl: 60, compute: compute) == Value(text: "v1"))
        clock.advance(seconds: 59)
        #expect(try cache.value("k", ttl: 60, compute: compute) == Value(text: "v1"))
        clock.advance(seconds: 2)
        #expect(try cache.value("k", ttl: 60, compute: compute) == Value(text: "v2"))
    }

    @Test("the least recently used entry goes first")
    func leastRecentlyUsed() {
        let cache = LRUCache<String, Int>(capacity: 2)
        cache.insert(1, for: "a")
        cache.insert(2, for: "b")
        #expect(cache.value(for: "a") == 1)
        cache.insert(3, for: "c")
        #expect(cache.value(for: "b") == nil)
        #expect(cache.value(for: "a") == 1)
        #expect(cache.value(for: "c") == 3)
        let off = LRUCache<String, Int>(capacity: 0)
        off.insert(1, for: "a")
        #expect(off.value(for: "a") == nil)
    }
}

@Suite("List cache keys")
struct ListCacheKeyTests {
    @Test("every filter field changes the list cache key, and lists cannot run into each other")
    func everyFieldCounts() {
        let base = SheetMusicFilter()
        var variants: [SheetMusicFilter] = []
        func variant(_ change: (inout SheetMusicFilter) -> Void) {
            var filter = base
            change(&filter)
            variants.append(filter)
        }
        variant { $0.instrument = .piano }
        variant { $0.minDifficultyLevel = 2 }
        variant { $0.maxDifficultyLevel = 2 }
        variant { $0.stylePeriod = .baroque }
        variant { $0.gradeLevel = "" }
        variant { $0.composer = "" }
        variant { $0.tags = ["a"] }
        variant { $0.searchWords = ["a"] }
        variant { $0.sourceType = .licensed }
        variant { $0.ownerID = "u1" }
        // A field added to the filter without a variant here fails this count.
        #expect(Mirror(reflecting: base).children.count == variants.count)
        variant { $0.tags = ["a", "b"] }
        variant { $0.tags = ["a\u{0}b"] }
        variant { $0.tags = ["a"]; $0.searchWords = ["b"] }
        variant { $0.tags = []; $0.searchWords = ["a", "b"] }
        let keys = ([base] + variants).map { KVCache.digest($0.cacheKeyParts) }
        #expect(Set(keys).count == keys.count, "two filters share a cache key")
    }
}
