import Domain
import Synchronization

/// Fixed-window counters in process memory, shared by one serving process's workers. Counting
/// here is exact within the process and costs no write: the request budget is spent on every
/// operation, and a write transaction on the KV file for each read was the largest part of a
/// cheap request. Windows that have ended are dropped as the table grows.
public final class RateCounters: Sendable {
    private struct Window {
        var count: Int
        var expiresAt: Int64
    }

    private let windows = Mutex<[String: Window]>([:])
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
}
