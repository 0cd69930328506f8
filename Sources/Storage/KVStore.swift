import Domain

/// The key-value cache that stands in for Workers KV: string keys, text values, optional
/// time-to-live; a SQLite file (the embedded default) or a Redis server. An expired entry is never
/// returned; the file's expired rows are swept as writes happen, Redis evicts its own.
public final class KVStore: Sendable {
    /// Where the entries are.
    private enum Backend {
        case file(Database)
        case redis(RedisKV)
    }

    private let backend: Backend
    /// The clock that decides expiry.
    let clock: any Clock

    /// Whether processes on other machines share these entries (Redis) rather than only the
    /// processes of this one (the file).
    public var isSharedAcrossHosts: Bool {
        if case .redis = backend { true } else { false }
    }

    /// Opens the cache at a location: the file (created if needed) or the Redis server.
    public convenience init(_ location: KVLocation, clock: any Clock) throws {
        switch location {
        case .file(let path): try self.init(path: path, clock: clock)
        case .redis(let endpoint): try self.init(redis: endpoint, clock: clock)
        }
    }

    /// Connects to the cache on Redis.
    public init(redis endpoint: RedisEndpoint, clock: any Clock) throws {
        backend = .redis(try RedisKV(endpoint: endpoint, clock: clock))
        self.clock = clock
    }

    /// Opens (creating if needed) the cache file at `path`, with `options` for its log (a process
    /// that answers one request asks for `Database.Options.oneRequest`).
    public init(path: String, clock: any Clock, options: Database.Options = Database.Options()) throws {
        // Commits sync as the database's do (NORMAL: at checkpoints; OFF could corrupt the file on
        // power loss). But a process that answers one request must not checkpoint and sync the
        // log on its way out, for a read too: the KV file's log stays when it closes.
        var options = options
        options.checkpointsOnClose = false
        let database = try Database(path: path, options: options)
        backend = .file(database)
        self.clock = clock
        try database.execute("""
            CREATE TABLE IF NOT EXISTS kv (
              key TEXT PRIMARY KEY,
              value TEXT NOT NULL,
              expires_at INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS idx_kv_expires ON kv(expires_at) WHERE expires_at IS NOT NULL;
            """)
    }

    /// The live value of `key`, or nil when absent or expired.
    public func get(_ key: String) throws -> String? {
        let database: Database
        switch backend {
        case .redis(let redis): return try redis.get(key)
        case .file(let file): database = file
        }
        return try database.first(
            "SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
            [.text(key), .integer(clock.now().milliseconds)]
        ) { $0.string(0) } ?? nil
    }

    /// Stores `value` under `key`, replacing any earlier value; it expires after `ttl` seconds
    /// when given. Also sweeps a bounded batch of expired rows.
    public func put(_ key: String, _ value: String, ttl: Int? = nil) throws {
        let database: Database
        switch backend {
        case .redis(let redis): return try redis.put(key, value, ttl: ttl)
        case .file(let file): database = file
        }
        let now = clock.now().milliseconds
        let expiry: SQLValue = ttl.map { .integer(now + Int64($0) * 1000) } ?? .null
        try database.transaction { db in
            try db.run(
                "INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
                [.text(key), .text(value), expiry])
            try db.run(
                "DELETE FROM kv WHERE key IN (SELECT key FROM kv WHERE expires_at <= ? LIMIT 64)",
                [.integer(now)])
        }
    }

    /// Removes `key`; answers whether it was there.
    @discardableResult
    public func delete(_ key: String) throws -> Bool {
        switch backend {
        case .redis(let redis): return try redis.delete(key)
        case .file(let database): return try database.run("DELETE FROM kv WHERE key = ?", [.text(key)]) > 0
        }
    }

    /// The live keys that start with `prefix`, in order, at most `limit`.
    public func list(prefix: String, limit: Int = 1000) throws -> [String] {
        let database: Database
        switch backend {
        case .redis(let redis): return try redis.list(prefix: prefix, limit: limit)
        case .file(let file): database = file
        }
        return try database.query(
            """
            SELECT key FROM kv
            WHERE key >= ? AND substr(key, 1, ?) = ? AND (expires_at IS NULL OR expires_at > ?)
            ORDER BY key LIMIT ?
            """,
            [.text(prefix), .integer(Int64(prefix.unicodeScalars.count)), .text(prefix), .integer(clock.now().milliseconds),
             .integer(Int64(limit))]
        ) { $0.string(0) ?? "" }
    }

    /// How many live keys start with `prefix`, counting at most `limit`.
    public func count(prefix: String, limit: Int) throws -> Int {
        let database: Database
        switch backend {
        case .redis(let redis): return try redis.list(prefix: prefix, limit: limit).count
        case .file(let file): database = file
        }
        return try database.first(
            """
            SELECT count(*) FROM (SELECT 1 FROM kv
            WHERE key >= ? AND substr(key, 1, ?) = ? AND (expires_at IS NULL OR expires_at > ?) LIMIT ?) AS live
            """,
            [.text(prefix), .integer(Int64(prefix.unicodeScalars.count)), .text(prefix), .integer(clock.now().milliseconds),
             .integer(Int64(limit))]
        ) { $0.integer(0) ?? 0 } ?? 0
    }

    /// Deletes every expired row; answers how many.
    @discardableResult
    public func sweep() throws -> Int {
        let database: Database
        switch backend {
        case .redis(let redis): return try redis.sweep()
        case .file(let file): database = file
        }
        return try database.run("DELETE FROM kv WHERE expires_at <= ?", [.integer(clock.now().milliseconds)])
    }
}

extension KVStore {
    /// Adds `amount` to the counter at `key` (created with `ttl` seconds to live when absent or
    /// expired) and answers the new count and when the counter expires; atomic across processes.
    public func increment(_ key: String, ttl: Int, by amount: Int = 1) throws -> (count: Int, expiresAt: Timestamp) {
        let database: Database
        switch backend {
        case .redis(let redis): return try redis.increment(key, ttl: ttl, by: amount)
        case .file(let file): database = file
        }
        let now = clock.now().milliseconds
        return try database.transaction { db in
            let row = try db.first(
                """
                INSERT INTO kv (key, value, expires_at) VALUES (?, CAST(? AS TEXT), ?)
                ON CONFLICT(key) DO UPDATE SET
                  value = CASE WHEN kv.expires_at IS NOT NULL AND kv.expires_at <= ? THEN excluded.value
                    ELSE CAST(CAST(kv.value AS INTEGER) + CAST(excluded.value AS INTEGER) AS TEXT) END,
                  expires_at = CASE WHEN kv.expires_at IS NOT NULL AND kv.expires_at <= ? THEN excluded.expires_at ELSE kv.expires_at END
                RETURNING CAST(value AS INTEGER) AS count, expires_at
                """,
                [.text(key), .integer(Int64(amount)), .integer(now + Int64(ttl) * 1000), .integer(now), .integer(now)]
            ) { row in
                // A key `put` without a time-to-live keeps no expiry: its counter counts as due now.
                (try row.number("count"), Timestamp(milliseconds: try row.optionalNumber("expires_at").map(Int64.init) ?? now))
            }
            return row ?? (1, Timestamp(milliseconds: now + Int64(ttl) * 1000))
        }
    }
}
