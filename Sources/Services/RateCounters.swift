import Domain
import Synchronization

/// Fixed-window counters in process memory, shared by one serving process's workers. Counting
/// here is exact within the process and costs no write: the request budget is spent on every
/// operation, and a write transaction on the KV file for each read was the largest part of a
/// cheap request. Windows that have ended are dropped as the table grows.
///
/// On Redis, where every host must count one budget, the same table holds this process's share
/// (`batched`): units are counted here and added to Redis in batches of a fiftieth of the
/// budget, so a cheap request no longer waits for Redis on each spend.
public final class RateCounters: Sendable {
    private struct Window {
        var count: Int
        var expiresAt: Int64
    }

    /// A budget counted in Redis: its count there when last asked, this process's units not
    /// added yet, and when Redis's window ends (0: not asked yet).
    private struct Share {
        var known: Int
        var pending: Int
        var expiresAt: Int64
    }

    private let windows = Mutex<[String: Window]>([:])
    private let shares = Mutex<[String: Share]>([:])
    /// Sweep once the table reaches this many entries (doubles while most stay live).
    private let sweepAt = Atomic<Int>(4096)

    /// An empty table.
    public init() {}

    /// Adds `amount` to the counter at `key`, starting a window of `ttl` seconds when there is
    /// none or it has ended; answers the new count and when the window ends.
    func increment(_ key: String, ttl: Int, by amount: Int, now: Int64) -> (count: Int, expiresAt: Timestamp) {
        windows.withLock { table in
            if table.count >= sweepAt.load(ordering: .relaxed) {
                table = table.filter { $0.value.expiresAt > now }
                sweepAt.store(max(4096, table.count * 2), ordering: .relaxed)
            }
            var window = table[key].flatMap { $0.expiresAt > now ? $0 : nil } ?? Window(count: 0, expiresAt: now + Int64(ttl) * 1000)
            window.count += amount
            table[key] = window
            return (window.count, Timestamp(milliseconds: window.expiresAt))
        }
    }

    /// How many units a process counts before it adds them to the shared count.
    static func batchSize(limit: Int) -> Int { max(1, limit / 50) }

    /// Adds `amount` to a budget counted across hosts, answering the count as this process knows
    /// it. The units go to Redis through `add` (which answers the shared count and its window's
    /// end) once a batch of them is waiting, on the first spend of a window, and whenever the
    /// count as known would pass `limit`, so a refusal is always decided on the shared count.
    /// A host thus admits at most `batchSize - 1` units the others do not know of yet: over H
    /// hosts a budget is exceeded by at most H × (limit / 50 - 1), 2 % of it per host, and a
    /// budget under 100 is exact.
    func batched(
        _ key: String, limit: Int, by amount: Int, now: Int64, add: (Int) throws -> (count: Int, expiresAt: Timestamp)
    ) throws -> (count: Int, expiresAt: Timestamp) {
        let batch = Self.batchSize(limit: limit)
        let (due, estimate): (Int?, (Int, Int64)) = shares.withLock { table in
            if table.count >= sweepAt.load(ordering: .relaxed) { table = table.filter { $0.value.expiresAt > now } }
            var share = table[key].flatMap { $0.expiresAt > now ? $0 : nil } ?? Share(known: 0, pending: 0, expiresAt: 0)
            share.pending += amount
            defer { table[key] = share }
            guard share.expiresAt == 0 || share.pending >= batch || share.known + share.pending > limit else {
                return (nil, (share.known + share.pending, share.expiresAt))
            }
            let due = share.pending
            share.pending = 0
            return (due, (0, 0))
        }
        guard let due else { return (estimate.0, Timestamp(milliseconds: estimate.1)) }
        let shared = try add(due)
        return shares.withLock { table in
            var share = table[key] ?? Share(known: 0, pending: 0, expiresAt: 0)
            // Two workers' adds may answer out of order within a window; a new window starts over.
            share.known = share.expiresAt == shared.expiresAt.milliseconds ? max(share.known, shared.count) : shared.count
            share.expiresAt = shared.expiresAt.milliseconds
            table[key] = share
            return (shared.count, shared.expiresAt)
        }
    }
}
