import Domain
import Storage

/// Fixed-window rate limits. Shared ones are kept in the KV cache, so every process sees them;
/// a serving process on the KV file counts the per-operation budgets in its own memory instead
/// (on Redis it has no counters: every host must see one budget).
public struct RateLimiter: Sendable {
    /// Where a budget may be counted.
    public enum Scope: Sendable {
        /// In the KV file, seen by every process (sign-in limits, which must outlive a restart).
        case shared
        /// In the process's `RateCounters` when it has them (a long-lived server), else shared.
        case process
    }

    private let kv: KVStore
    private let counters: RateCounters?
    private let clock: any Clock

    /// Creates a limiter over the KV cache and, in a serving process, its in-memory counters.
    public init(kv: KVStore, counters: RateCounters? = nil, clock: any Clock) {
        self.kv = kv
        self.counters = counters
        self.clock = clock
    }

    /// Counts `units` (one operation, or more for a costly one) against `budget` for `subject`
    /// in `bucket`; over budget it throws `RATE_LIMITED` with `extensions.retryAfter` in seconds.
    public func spend(_ bucket: String, subject: String, budget: RateBudget, units: Int = 1, scope: Scope = .shared) throws {
        let key = "rl:\(bucket):\(subject)"
        let (count, expiresAt) = if scope == .process, let counters {
            counters.increment(key, ttl: budget.windowSeconds, by: units, now: clock.now().milliseconds)
        } else {
            try kv.increment(key, ttl: budget.windowSeconds, by: units)
        }
        guard count <= budget.limit else {
            let retryAfter = max(1, (expiresAt.milliseconds - clock.now().milliseconds + 999) / 1000)
            throw APIError(
                .rateLimited, "Too many requests; try again in \(retryAfter) seconds.",
                extensions: ["retryAfter": .integer(retryAfter)])
        }
    }
}
