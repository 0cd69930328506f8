import Domain
import Foundation

/// The bindings of the process, like a Worker's env: where the database and cache live, the
/// mode, and the test hooks. Read from `MIRUBATO_*` variables; command-line flags override them.
public struct Configuration: Sendable {
    /// Path of the SQLite database (`MIRUBATO_DB`, default `./data/mirubato.db`).
    public var databasePath: String
    /// Path of the KV cache file (`MIRUBATO_KV`, default `./data/kv.db`).
    public var kvPath: String
    /// `production` or `development` (`MIRUBATO_ENV`, default development).
    public var isProduction: Bool
    /// A fixed "now" for reproducible runs (`MIRUBATO_NOW`, ISO-8601); refused in production.
    public var fixedNow: Timestamp?
    /// A seed that makes ids and random picks reproducible (`MIRUBATO_RANDOM_SEED`); refused in production.
    public var randomSeed: UInt64?
    /// Largest accepted request body in bytes (`MIRUBATO_MAX_BODY_BYTES`, default 1 MiB).
    public var maxBodyBytes: Int

    /// Why the configuration cannot be used.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        /// What is wrong, naming the variable.
        public let description: String
    }

    /// Reads the configuration from an environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        databasePath = environment["MIRUBATO_DB"].nonEmpty ?? "./data/mirubato.db"
        kvPath = environment["MIRUBATO_KV"].nonEmpty ?? "./data/kv.db"
        switch environment["MIRUBATO_ENV"].nonEmpty ?? "development" {
        case "production": isProduction = true
        case "development", "test": isProduction = false
        case let other: throw Invalid(description: "MIRUBATO_ENV must be production, development or test, not \(other)")
        }
        if let text = environment["MIRUBATO_NOW"].nonEmpty {
            guard let instant = Timestamp(iso8601: text) else {
                throw Invalid(description: "MIRUBATO_NOW must be an ISO-8601 date-time")
            }
            fixedNow = instant
        }
        if let text = environment["MIRUBATO_RANDOM_SEED"].nonEmpty {
            guard let seed = UInt64(text) else { throw Invalid(description: "MIRUBATO_RANDOM_SEED must be an unsigned integer") }
            randomSeed = seed
        }
        maxBodyBytes = 1 << 20
        if let text = environment["MIRUBATO_MAX_BODY_BYTES"].nonEmpty {
            guard let limit = Int(text), limit >= 1024 else {
                throw Invalid(description: "MIRUBATO_MAX_BODY_BYTES must be a whole number of at least 1024")
            }
            maxBodyBytes = limit
        }
        if isProduction, fixedNow != nil || randomSeed != nil {
            throw Invalid(description: "MIRUBATO_NOW and MIRUBATO_RANDOM_SEED are test hooks and are refused in production")
        }
    }

    /// The clock requests use.
    public var clock: any Clock {
        fixedNow.map { FixedClock($0) } ?? SystemClock()
    }

    /// The random source requests use.
    public func makeRandomSource() -> any RandomSource {
        randomSeed.map { SeededRandom(seed: $0) } ?? CryptoRandom()
    }
}

extension Optional where Wrapped == String {
    /// The string, or nil when absent or empty.
    var nonEmpty: String? {
        switch self {
        case .some(let text) where !text.isEmpty: text
        default: nil
        }
    }
}
