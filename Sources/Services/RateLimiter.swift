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

    /// Counts `units` (one operation) against `budget` for `subject` in `bucket`; over budget,
    /// or when `reserving` more units would not fit in what is left, it throws `RATE_LIMITED`
    /// with `extensions.retryAfter` in seconds. Reserving spends nothing: a costly operation is
    /// admitted by its estimate and then `charge`d what its answer actually cost.
    public func spend(_ bucket: String, subject: String, budget: RateBudget, units: Int = 1, reserving: Int = 0, scope: Scope = .shared) throws {
        let (count, expiresAt) = try increment(bucket, subject: subject, budget: budget, units: units, scope: scope)
        guard count + reserving <= budget.limit else {
            let retryAfter = max(1, (expiresAt.milliseconds - clock.now().milliseconds + 999) / 1000)
            throw APIError(
                .rateLimited, "Too many requests; try again in \(retryAfter) seconds.",
                extensions: ["retryAfter": .integer(retryAfter)])
        }
    }

    /// Counts `units` already used (the actual cost of an answer given) without refusing: the
    /// next request over budget is the one refused.
    public func charge(_ bucket: String, subject: String, budget: RateBudget, units: Int, scope: Scope = .shared) throws {
        guard units > 0 else { return }
        _ = try increment(bucket, subject: subject, budget: budget, units: units, scope: scope)
    }

    private func increment(_ bucket: String, subject: String, budget: RateBudget, units: Int, scope: Scope) throws -> (count: Int, expiresAt: Timestamp) {
        let key = "rl:\(bucket):\(subject)"
        return if scope == .process, let counters, kv.isSharedAcrossHosts {
            try counters.batched(key, limit: budget.limit, by: units, now: clock.now().milliseconds) {
                try kv.increment(key, ttl: budget.windowSeconds, by: $0)
            }
        } else if scope == .process, let counters {
            counters.increment(key, ttl: budget.windowSeconds, by: units, now: clock.now().milliseconds)
        } else {
            try kv.increment(key, ttl: budget.windowSeconds, by: units)
        }
    }
}
