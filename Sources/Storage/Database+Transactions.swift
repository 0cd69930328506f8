import Foundation

extension Database {
    /// How often a PostgreSQL transaction that lost a serialization race or a deadlock is run
    /// again before its error reaches the caller (as `SERVICE_UNAVAILABLE`). Eight was not enough
    /// for 8 clients writing logs for one user on 2 workers (1 in 120 ran out, in 1 of 3 e2e runs),
    /// nor twelve for four hosts writing for two users (`ConcurrentWritersTests`, 1 run in 3).
    static let serializationAttempts = 30

    /// Runs `body` in one transaction; commits on return, rolls back on a throw. Called inside
    /// another transaction it becomes a savepoint, so services can compose.
    ///
    /// On SQLite the transaction is IMMEDIATE (the write lock is taken up front, so it cannot fail
    /// half-way on a lock upgrade) and runs on the process's one writer connection to the file,
    /// taking turns with the process's other writers and sharing a commit with those queued
    /// behind it (`WriteGate`); it returns once committed. On
    /// PostgreSQL it is SERIALIZABLE: writers on other hosts cannot interleave into a result no
    /// serial order gives. That is for what needs an order among writers but has no user to
    /// lock (`transaction(lockingUsers:)` serves every write of a user's rows): a new account by
    /// email, an invite that works once, an export's snapshot of every table, seeding and
    /// migrations. A transaction that loses such a race (or a deadlock) is run again
    /// from the start, up to 30 times, after a random pause that doubles each time (2 ms to
    /// 100 ms). `body` must therefore be safe to run again: it reads what it needs inside the
    /// transaction.
    public func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try locked {
            if let nested = try nestedTransaction(body) { return nested }
            switch connection {
            case .sqlite(let own):
                guard let gate = own.writeGate, !own.isReadOnly else {
                    return try enclosed(begin: "BEGIN IMMEDIATE", commit: "COMMIT", rollback: "ROLLBACK", body)
                }
                return try gate.transaction(tracer: sqliteTracer) { writer in try writing(on: writer) { try body(self) } }
            case .postgres:
                return try postgresTransaction(isolation: "SERIALIZABLE", lockingUsers: nil, body)
            }
        }
    }

    /// Runs `body`, which writes rows of `users` (the rows that carry their ids, and what derives
    /// from them: progress, the change feed), in one transaction; commits on return, rolls back
    /// on a throw. Every writer of a user's rows comes through here, so they queue on one lock
    /// instead of racing.
    ///
    /// On PostgreSQL the transaction is READ COMMITTED and its first statement locks the users'
    /// `change_heads` rows (`FOR UPDATE`, in id order, so two writers of the same two users take
    /// them in the same order): a second writer of the same user waits there until the first
    /// commits, then reads what it committed. Their writes therefore run one after the other, as
    /// SERIALIZABLE would have ordered them, but without serialization failures, retries or
    /// pauses. (The change-feed triggers update that same row on every write, so each writer took
    /// the lock anyway, only later, after reads another writer could make stale.) A deadlock
    /// with a transaction that locks in another order is run again at once, counted, and logged
    /// by the observer. On SQLite it is `transaction(_:)`: writers already take turns.
    ///
    /// With no users it is a READ COMMITTED transaction that locks nothing first, for writes
    /// whose statements each decide alone (a conditional UPDATE whose count is checked, an insert
    /// that meets a unique key) and need no order among writers. What does need one without a
    /// user to lock (a new account by email, an invite accepted once, a snapshot of every table)
    /// stays with `transaction(_:)`.
    public func transaction<T>(lockingUsers users: [String], _ body: (Database) throws -> T) throws -> T {
        guard case .postgres = connection else { return try transaction(body) }
        return try locked { try postgresTransaction(isolation: "READ COMMITTED", lockingUsers: users, body) }
    }

    /// A PostgreSQL transaction at `isolation` (a savepoint inside an open one), first locking
    /// the `change_heads` rows of `users` when given. A serialization failure or a deadlock runs
    /// it again, up to `serializationAttempts` times, each retry noted; only a SERIALIZABLE one
    /// pauses first (jittered, doubling from 2 to 100 ms), since its writers collide by design,
    /// while lockers only meet a deadlock, which ends the other transaction's wait at once.
    private func postgresTransaction<T>(isolation: String, lockingUsers users: [String]?, _ body: (Database) throws -> T) throws -> T {
        func run(_ database: Database) throws -> T {
            if let users, !users.isEmpty {
                // Nothing reads the rows: the lock goes with the body's first statement.
                try database.send(
                    "SELECT user_id FROM change_heads WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY user_id FOR UPDATE",
                    [.list(Array(Set(users)))])
            }
            return try body(database)
        }
        if let nested = try nestedTransaction(run) { return nested }
        var attempt = 1
        while true {
            do {
                return try enclosed(begin: "BEGIN ISOLATION LEVEL \(isolation)", commit: "COMMIT", rollback: "ROLLBACK", run)
            } catch let error as PostgresError where error.isRetryable && attempt < Self.serializationAttempts {
                attempt += 1
                noteRetry(error, attempt: attempt)
                guard users == nil else { continue }
                // Exponential, jittered: writers that collided once must not retry in step.
                let ceiling = min(100_000, 1_000 << min(attempt, 7))
                usleep(UInt32.random(in: UInt32(ceiling / 2)...UInt32(ceiling)))
            }
        }
    }

    /// Runs `body`, which only reads, in one transaction: on SQLite a deferred one, which reads one
    /// snapshot and never waits for the writers' turn; on PostgreSQL READ COMMITTED, where a row
    /// the body locks `FOR SHARE` (`Database.forShare`) stays as read until the end. Inside
    /// another transaction it becomes a savepoint of it.
    public func readTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try locked {
            if let nested = try nestedTransaction(body) { return nested }
            return try enclosed(begin: "BEGIN", commit: "COMMIT", rollback: "ROLLBACK", body)
        }
    }

    /// What ends a SELECT that must keep the rows it read from changing until the transaction
    /// ends: `FOR SHARE` on PostgreSQL; nothing on SQLite, whose transaction reads one snapshot
    /// and whose writers take turns with the whole file.
    public var forShare: String {
        switch connection {
        case .sqlite: ""
        case .postgres: " FOR SHARE"
        }
    }

    /// A savepoint inside the open transaction, or nil when none is open.
    private func nestedTransaction<T>(_ body: (Database) throws -> T) throws -> T? {
        guard inTransaction else { return nil }
        let name = "nested_\(savepointDepth)"
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        return try enclosed(begin: "SAVEPOINT \(name)", commit: "RELEASE \(name)", rollback: "ROLLBACK TO \(name); RELEASE \(name)", body)
    }

    /// Runs `body` between `begin` and `commit`, or `rollback` when it throws. A PostgreSQL
    /// transaction's `BEGIN` goes with its first statement, and its `COMMIT` with the writes
    /// still waiting (`send`): a round trip each saved.
    private func enclosed<T>(begin: String, commit: String, rollback: String, _ body: (Database) throws -> T) throws -> T {
        if !(begin.hasPrefix("BEGIN") && beginWithFirstStatement(begin)) { try execute(begin) }
        do {
            let result = try body(self)
            try execute(commit)
            return result
        } catch {
            // What waits belongs to the transaction (a savepoint sent all before it); if even
            // its BEGIN waits, nothing reached the server.
            if !dropUnsent() { try? execute(rollback) }
            throw error
        }
    }
}
