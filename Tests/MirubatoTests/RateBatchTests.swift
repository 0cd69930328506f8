import Domain
@testable import Services
import Synchronization
import Testing

/// Budgets counted across hosts in batches (`RateCounters.batched`): hosts share one count, a
/// refusal is decided on it, and the overshoot stays within the documented bound.
@Suite("Rate budgets counted in batches")
struct RateBatchTests {
    /// A shared count standing in for Redis: one window, and how many adds reached it.
    final class SharedCount: Sendable {
        let state = Mutex((count: 0, adds: 0))

        func add(_ units: Int) -> (count: Int, expiresAt: Timestamp) {
            state.withLock { state in
                state.count += units
                state.adds += 1
                return (state.count, Timestamp(milliseconds: 60_000))
            }
        }
    }

    @Test("hosts spending in turn admit the budget and at most hosts × (limit / 50 − 1) more, with a fiftieth of the trips", arguments: [
        (limit: 600, hosts: 1), (limit: 600, hosts: 3), (limit: 5_000, hosts: 2), (limit: 40, hosts: 3),
    ])
    func boundedOvershoot(limit: Int, hosts: Int) throws {
        let shared = SharedCount()
        let counters = (0..<hosts).map { _ in RateCounters() }
        var admitted = 0, refusals = 0, turn = 0
        // Requests arrive at the hosts in turn until every host refuses.
        while refusals < hosts * 3 {
            let host = counters[turn % hosts]
            turn += 1
            let (count, _) = try host.batched("rl:requests:user:a", limit: limit, by: 1, now: 1_000) { shared.add($0) }
            if count <= limit { admitted += 1 } else { refusals += 1 }
        }
        let batch = RateCounters.batchSize(limit: limit)
        #expect(admitted >= limit, "a shared count never refuses within the budget")
        #expect(admitted <= limit + hosts * (batch - 1), "admitted \(admitted) of \(limit) on \(hosts) hosts")
        if limit < 100 { #expect(admitted == limit, "a budget under 100 is exact") }
        // Far fewer trips to the shared count than requests while under the limit.
        #expect(shared.state.withLock { $0.adds } <= limit / batch + hosts * 4 + refusals)
    }

    @Test("a new window starts the count over, whatever the last window reached")
    func newWindow() throws {
        let counters = RateCounters()
        var window = 60_000 as Int64, stored = 0
        let add = { (units: Int) -> (count: Int, expiresAt: Timestamp) in
            stored += units
            return (stored, Timestamp(milliseconds: window))
        }
        for _ in 0..<10 { _ = try counters.batched("k", limit: 10, by: 1, now: 1_000, add: add) }
        #expect(try counters.batched("k", limit: 10, by: 1, now: 1_000, add: add).count == 11)
        (window, stored) = (120_000, 0)
        #expect(try counters.batched("k", limit: 10, by: 1, now: 61_000, add: add).count == 1)
    }
}
