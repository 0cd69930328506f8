import Domain
import Foundation
import Services
import Storage

/// The bindings of the process, like a Worker's env: where the database and cache live, the
/// mode, and the test hooks. Read from `MIRUBATO_*` variables; command-line flags override them.
public struct Configuration: Sendable {
    /// The database (`MIRUBATO_DB`, default `./data/mirubato.db`): a SQLite file's path or a
    /// PostgreSQL URI (`postgres://…`).
    public var databasePath: String

    /// Which engine `databasePath` names, and where.
    public var databaseLocation: DatabaseLocation { DatabaseLocation(databasePath) }
    /// Path of the KV cache file (`MIRUBATO_KV`, default `./data/kv.db`).
    public var kvPath: String
    /// `production` or `development` (`MIRUBATO_ENV`, default development).
    public var isProduction: Bool
    /// Whether introspection (`__schema`, `__type`) is answered: `MIRUBATO_INTROSPECTION=on` or
    /// `off`; on by default, except in production.
    public var allowsIntrospection = true
    /// Whether validation errors keep their "Did you mean …?" suggestions: not in production,
    /// where they would spell out the schema to a client that cannot introspect it.
    public var suggestsNames: Bool { !isProduction }
    /// A fixed "now" for reproducible runs (`MIRUBATO_NOW`, ISO-8601); refused in production.
    public var fixedNow: Timestamp?
    /// Whether the `x-mirubato-now` request header may set a request's clock (`MIRUBATO_ENV=test`
    /// only), so golden files can script time across the requests of a batch.
    public var allowsClockHeader = false
    /// Rules of practice tracking (`MIRUBATO_SESSION_TIMEOUT`: seconds an open session may idle;
    /// `MIRUBATO_RECORDING_MAX_BYTES` and `MIRUBATO_RECORDING_QUOTA_BYTES`: a recording's limit
    /// and an account's quota).
    public var practice = PracticeSettings()
    /// Where recordings are copied for nginx to send (`MIRUBATO_RECORDING_CACHE`, set by
    /// scripts/serve with an nginx `internal` location on the same folder). Unset, the handler
    /// sends a recording's bytes itself.
    public var recordingCache: String?

    /// The largest body a request of this `Content-Type` may have: a multipart upload may carry
    /// a recording as large as `PracticeSettings.recordingMaxBytes` beside its JSON parts.
    public func bodyLimit(contentType: String?) -> Int {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return maxBodyBytes }
        return maxBodyBytes + practice.recordingMaxBytes
    }
    /// A seed that makes ids and random picks reproducible (`MIRUBATO_RANDOM_SEED`); refused in production.
    public var randomSeed: UInt64?
    /// Largest accepted request body in bytes (`MIRUBATO_MAX_BODY_BYTES`, default 1 MiB).
    public var maxBodyBytes: Int
    /// Longest a request may take before it is answered `TIMEOUT`, in milliseconds
    /// (`MIRUBATO_REQUEST_TIMEOUT_MS`, default 10,000). A write that is still running completes.
    public var requestTimeoutMilliseconds = 10_000
    /// Most operations in one batched request (`MIRUBATO_MAX_BATCH`, default 50).
    public var maxBatch = 50
    /// The most an operation may cost to answer (`QueryCost`: fields, list selections times
    /// their page or declared size). It admits a page of 100 with every field down to a piece's
    /// notes (`QueryCostTests`); the rate budget is charged by the answer's actual cost.
    public var maxCost = 300_000
    /// The largest answer sent; a larger one is replaced by a `QUERY_TOO_COMPLEX` error.
    public var maxResponseBytes = 4 * 1024 * 1024
    /// Whether the process answers one request and exits (`mirubato handle`, CGI): then the KV
    /// file's write-ahead log, which such a process leaves behind, is copied back every 64 pages
    /// instead of 1,000, since the next process reads all of it to rebuild its index. A serving
    /// process keeps SQLite's 1,000: a checkpoint costs its requests, and it opens the file once.
    public var answersOneRequest = false

    /// Prepared documents kept per process (`MIRUBATO_DOCUMENT_CACHE`, default 256; 0 disables).
    public var documentCacheSize = 256
    /// Decoded KV cache values kept per process (`MIRUBATO_VALUE_CACHE`, default 256; 0 disables).
    public var valueCacheSize = 256
    /// Access-token signing secret (`MIRUBATO_JWT_SECRET`, at least 32 bytes); generated into a
    /// 0600 file beside the database in development when absent, required in production.
    public var jwtSecret: String?
    /// Key for encrypted columns (`MIRUBATO_DATA_KEY`: 64 hex digits or 43 base64url characters);
    /// generated like the JWT secret in development, required in production.
    public var dataKey: String?
    /// Base URL of magic links (`MIRUBATO_PUBLIC_URL`, default `http://127.0.0.1:8080`).
    public var publicURL = "http://127.0.0.1:8080"
    /// `log` prints magic links to stderr as well as queueing them (`MIRUBATO_MAIL`).
    public var logMagicLinks = false
    /// From address of outgoing mail (`MIRUBATO_MAIL_FROM`).
    public var mailFrom = "Mirubato <no-reply@mirubato.local>"
    /// The SMTP server `mirubato mail send` delivers to when given no command (`MIRUBATO_SMTP`,
    /// `smtp://host:port` or `smtp+starttls://host:port`); nil for none.
    public var smtp: String?
    /// The allow-list read from `MIRUBATO_TRUSTED_DOCUMENTS` (a manifest's path): when set, only
    /// its documents run and persisted-query registration is closed.
    public var trustedDocuments: TrustedDocuments?
    /// Where spans are exported (`MIRUBATO_OTLP_ENDPOINT`, an OTLP/HTTP `http://` URL such as
    /// `http://127.0.0.1:4318/v1/traces`); nil exports nothing.
    public var otlpEndpoint: String?
    /// Magic-link lifetime in seconds (`MIRUBATO_MAGIC_LINK_TTL`, default 600).
    public var magicLinkSeconds: Int64 = 600
    /// Budgets as `LIMIT/SECONDS`: `MIRUBATO_RATE_MAGIC_EMAIL` (5/3600),
    /// `MIRUBATO_RATE_MAGIC_CLIENT` (20/3600), `MIRUBATO_RATE_REQUESTS` (600/60).
    public var magicLinkPerEmail = RateBudget(limit: 5, windowSeconds: 3600)
    /// Magic-link requests per client address.
    public var magicLinkPerClient = RateBudget(limit: 20, windowSeconds: 3600)
    /// Other operations per user or client address.
    public var requests = RateBudget(limit: 600, windowSeconds: 60)

    /// Why the configuration cannot be used.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        /// What is wrong, naming the variable.
        public let description: String
    }

    /// Reads the configuration from an environment (by default the process's `MIRUBATO_` variables,
    /// the only ones it reads).
    public init(environment: [String: String] = ProcessEnvironment.variables(prefixed: "MIRUBATO_")) throws {
        databasePath = environment["MIRUBATO_DB"].nonEmpty ?? "./data/mirubato.db"
        kvPath = environment["MIRUBATO_KV"].nonEmpty ?? "./data/kv.db"
        switch environment["MIRUBATO_ENV"].nonEmpty ?? "development" {
        case "production": isProduction = true
        case "development": isProduction = false
        case "test":
            isProduction = false
            allowsClockHeader = true
        case let other: throw Invalid(description: "MIRUBATO_ENV must be production, development or test, not \(other)")
        }
        if let path = environment["MIRUBATO_TRUSTED_DOCUMENTS"].nonEmpty {
            do {
                trustedDocuments = try TrustedDocuments(path: path)
            } catch {
                throw Invalid(description: "\(error)")
            }
        }
        if let endpoint = environment["MIRUBATO_OTLP_ENDPOINT"].nonEmpty {
            guard endpoint.hasPrefix("http://"), URL(string: endpoint)?.host != nil else {
                throw Invalid(description: "MIRUBATO_OTLP_ENDPOINT must be an http:// URL such as http://127.0.0.1:4318/v1/traces")
            }
            otlpEndpoint = endpoint
        }
        switch environment["MIRUBATO_INTROSPECTION"].nonEmpty {
        case nil: allowsIntrospection = !isProduction
        case "on": allowsIntrospection = true
        case "off": allowsIntrospection = false
        case let other?: throw Invalid(description: "MIRUBATO_INTROSPECTION must be on or off, not \(other)")
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
        if let text = environment["MIRUBATO_REQUEST_TIMEOUT_MS"].nonEmpty {
            guard let milliseconds = Int(text), (1...600_000).contains(milliseconds) else {
                throw Invalid(description: "MIRUBATO_REQUEST_TIMEOUT_MS must be 1 to 600000")
            }
            requestTimeoutMilliseconds = milliseconds
        }
        maxBatch = try Self.wholeNumber("MIRUBATO_MAX_BATCH", in: 1...1000, environment) ?? maxBatch
        maxCost = try Self.wholeNumber("MIRUBATO_MAX_COST", in: 1...10_000_000, environment) ?? maxCost
        maxResponseBytes = try Self.wholeNumber("MIRUBATO_MAX_RESPONSE_BYTES", in: 1024...(1 << 30), environment) ?? maxResponseBytes
        documentCacheSize = try Self.wholeNumber("MIRUBATO_DOCUMENT_CACHE", in: 0...100_000, environment) ?? documentCacheSize
        valueCacheSize = try Self.wholeNumber("MIRUBATO_VALUE_CACHE", in: 0...100_000, environment) ?? valueCacheSize
        jwtSecret = environment["MIRUBATO_JWT_SECRET"].nonEmpty
        dataKey = environment["MIRUBATO_DATA_KEY"].nonEmpty
        if let given = environment["MIRUBATO_PUBLIC_URL"].nonEmpty {
            guard WebURL.isValid(given) else { throw Invalid(description: "MIRUBATO_PUBLIC_URL must be an http or https URL") }
            publicURL = given
        }
        switch environment["MIRUBATO_MAIL"].nonEmpty {
        case nil, "outbox"?: logMagicLinks = false
        case "log"?: logMagicLinks = true
        case let other?: throw Invalid(description: "MIRUBATO_MAIL must be outbox or log, not \(other)")
        }
        mailFrom = environment["MIRUBATO_MAIL_FROM"].nonEmpty ?? mailFrom
        smtp = environment["MIRUBATO_SMTP"].nonEmpty
        if let smtp {
            do { _ = try MailService.smtpCommand(url: smtp, sender: mailFrom) } catch let error as APIError {
                throw Invalid(description: error.message)
            }
        }
        if let text = environment["MIRUBATO_MAGIC_LINK_TTL"].nonEmpty {
            guard let seconds = Int64(text), (60...86_400).contains(seconds) else {
                throw Invalid(description: "MIRUBATO_MAGIC_LINK_TTL must be seconds from 60 to 86400")
            }
            magicLinkSeconds = seconds
        }
        magicLinkPerEmail = try Self.rateBudget("MIRUBATO_RATE_MAGIC_EMAIL", environment) ?? magicLinkPerEmail
        magicLinkPerClient = try Self.rateBudget("MIRUBATO_RATE_MAGIC_CLIENT", environment) ?? magicLinkPerClient
        requests = try Self.rateBudget("MIRUBATO_RATE_REQUESTS", environment) ?? requests
        if let text = environment["MIRUBATO_SESSION_TIMEOUT"].nonEmpty {
            guard let seconds = Int64(text), seconds >= 60 else {
                throw Invalid(description: "MIRUBATO_SESSION_TIMEOUT must be at least 60 seconds")
            }
            practice.openSessionLimitSeconds = seconds
        }
        practice.recordingMaxBytes = try Self.byteCount("MIRUBATO_RECORDING_MAX_BYTES", environment) ?? practice.recordingMaxBytes
        practice.recordingQuotaBytes = try Self.byteCount("MIRUBATO_RECORDING_QUOTA_BYTES", environment) ?? practice.recordingQuotaBytes
        if let folder = environment["MIRUBATO_RECORDING_CACHE"].nonEmpty { recordingCache = folder }
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

    /// A variable that must hold a whole number in `range`; nil when it is unset.
    private static func wholeNumber(_ name: String, in range: ClosedRange<Int>, _ environment: [String: String]) throws -> Int? {
        guard let text = environment[name].nonEmpty else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw Invalid(description: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    // Plain functions, not a loop over key paths: a key path's types are made at run time, which
    // cost every process that reads its configuration 0.12 M instructions.
    private static func rateBudget(_ name: String, _ environment: [String: String]) throws -> RateBudget? {
        guard let text = environment[name].nonEmpty else { return nil }
        guard let budget = RateBudget(text: text) else { throw Invalid(description: "\(name) must be LIMIT/SECONDS, such as 5/3600") }
        return budget
    }

    private static func byteCount(_ name: String, _ environment: [String: String]) throws -> Int? {
        guard let text = environment[name].nonEmpty else { return nil }
        guard let bytes = Int(text), bytes > 0 else { throw Invalid(description: "\(name) must be a number of bytes") }
        return bytes
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
