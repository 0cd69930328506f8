import GraphQL
@testable import Schema
import Testing

/// The per-process cache of prepared documents.
@Suite("Document cache")
struct DocumentCacheTests {
    private func document(_ query: String) throws -> Preparation {
        .ready(PreparedOperation(document: try parse(source: Source(body: query)), operation: nil, requestedName: nil, planned: nil, fixedCost: nil))
    }

    @Test("keeps the most recently used documents and evicts the least recently used one")
    func leastRecentlyUsed() throws {
        let cache = DocumentCache(capacity: 2)
        var prepared: [String] = []
        func lookUp(_ query: String) throws {
            let parsed = try document(query)
            _ = cache.document(for: .init(query: query, operationName: nil)) {
                prepared.append(query)
                return parsed
            }
        }
        for query in ["{ a }", "{ b }", "{ a }", "{ c }", "{ a }", "{ b }"] { try lookUp(query) }
        // "{ a }" stays (used before "{ c }" came); "{ b }" was evicted by "{ c }" and prepared again.
        #expect(prepared == ["{ a }", "{ b }", "{ c }", "{ b }"])
        #expect(cache.count == 2)
    }

    @Test("the operation name is part of the key; huge queries and a zero capacity are not kept")
    func keys() throws {
        let cache = DocumentCache(capacity: 4)
        var calls = 0
        let parsed = try document("query A { a } query B { b }")
        for name in ["A", "B", "A", nil] {
            _ = cache.document(for: .init(query: "query A { a } query B { b }", operationName: name)) { calls += 1; return parsed }
        }
        #expect(calls == 3)
        let huge = "{ a }" + String(repeating: " ", count: DocumentCache.maxQueryBytes)
        for _ in 0..<2 { _ = cache.document(for: .init(query: huge, operationName: nil)) { calls += 1; return parsed } }
        #expect(calls == 5)
        let off = DocumentCache(capacity: 0)
        for _ in 0..<2 { _ = off.document(for: .init(query: "{ a }", operationName: nil)) { calls += 1; return parsed } }
        #expect(calls == 7)
        #expect(off.count == 0)
    }
}
