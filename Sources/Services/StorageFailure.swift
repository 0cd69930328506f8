import Domain
import Storage

/// Storage failures a client should hear about as a temporary condition, not as a bug: a full
/// or read-only disk, an I/O error, a database kept busy past the timeout. Each becomes
/// `SERVICE_UNAVAILABLE` (HTTP 503 with Retry-After); the transaction was rolled back, so nothing
/// was half-written, and the request can be retried when space or access returns.
///
/// Which failures are temporary is each engine's to say, by name: `SQLiteError.temporaryCodes`
/// (never retried in code), `PostgresError.isTemporary` (serialization failures are retried by
/// the transaction first, `PostgresError.isRetryable`), and a Redis connection failure.
public enum StorageFailure {
    private static let unavailable = APIError(
        .serviceUnavailable, "The service cannot store data right now; try again shortly.", extensions: ["retryAfter": .integer(5)])

    /// The client-facing error for an error thrown while serving, or nil when it is a bug.
    public static func publicError(for error: any Error) -> APIError? {
        if let error = error as? APIError { return error }
        if let error = error as? SQLiteError, error.isTemporary { return unavailable }
        // PostgreSQL unreachable, restarting, read-only, out of resources, or a serialization
        // race lost more often than the transaction retries; Redis unreachable.
        if let error = error as? PostgresError, error.isTemporary { return unavailable }
        if let error = error as? RedisError, error.isConnection { return unavailable }
        return nil
    }
}
