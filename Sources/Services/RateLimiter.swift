import Domain
import Storage

/// Fixed-window rate limits kept in the KV file, so every process shares them.
public struct RateLimiter: Sendable {
    private let kv: KVStore
    private let clock: any Clock

    /// Creates a limiter over the KV cache.
    public init(kv: KVStore, clock: any Clock) {
        self.kv = kv
        self.clock = clock
    }

    /// Counts `units` (one operation, or more for a costly one) against `budget` for `subject`
    /// in `bucket`; over budget it throws `RATE_LIMITED` with `extensions.retryAfter` in seconds.
    public func spend(_ bucket: String, subject: String, budget: RateBudget, units: Int = 1) throws {
        let (count, expiresAt) = try kv.increment("rl:\(bucket):\(subject)", ttl: budget.windowSeconds, by: units)
        guard count <= budget.limit else {
            let retryAfter = max(1, (expiresAt.milliseconds - clock.now().milliseconds + 999) / 1000)
            throw APIError(
                .rateLimited, "Too many requests; try again in \(retryAfter) seconds.",
                extensions: ["retryAfter": .integer(retryAfter)])
        }
    }
}
