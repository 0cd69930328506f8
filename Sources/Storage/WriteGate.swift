import CSQLite
import Foundation

/// The one writer of a process to a SQLite file: every write transaction of the process's
/// connections to the file runs on the gate's own connection, one at a time, and writers that
/// queue behind one another share a commit.
///
/// - One connection, because each SQLite connection keeps its own page cache and a commit on
///   any other connection empties it: two workers writing in turn on their own connections each
///   read back, page by page, what the other just wrote (measured: twice the system time per
///   `createPracticeLog` with two workers, and fewer writes a second than one worker made).
/// - Waiting on a lock, because a connection that finds another of its own process writing
///   gets `SQLITE_BUSY`, and SQLite's busy handler sleeps at least a millisecond. Other processes
///   still meet through SQLite's busy timeout.
/// - Group commit: a transaction that ends while others wait for the gate leaves the file's
///   transaction open for them (each runs inside a savepoint of it, so one that fails is rolled
///   back alone) and waits; the last of the group commits for all. One log append and one
///   commit then serve several requests, and each still returns only after its writes are
///   committed, with the same durability as its own commit would have had. No one waits for
///   company: the group is only those already queued. A member waiting for the commit still
///   holds what its caller holds (its own `Database`'s lock), so a transaction's body must never
///   need another request's connection; each worker has its own, and the KV file its own gate.
final class WriteGate: @unchecked Sendable {
    private static let registry = Registry()

    /// The gate of the database file at `path`, shared by every connection of the process to it
    /// while any is open. `options` open its writer connection.
    static func gate(for path: String, options: Database.Options) -> WriteGate {
        registry.gate(for: path, options: options)
    }

    /// How many transactions at most share a commit: one that joins a group waits for all
    /// behind it, so the group is bounded.
    static let groupLimit = 16

    private let path: String
    private let options: Database.Options
    /// Guards everything below; its condition wakes threads waiting for the gate or for a
    /// group's commit.
    private let state = NSCondition()
    private var writer: SQLiteConnection?
    private var owner: pthread_t?
    /// How often the owner entered (a transaction of one connection inside another's, on one
    /// thread, nests as a savepoint of it).
    private var depth = 0
    /// Threads waiting to enter.
    private var waiting = 0
    /// The open transaction's group, while one is open.
    private var group: Group?
    /// Whether a commit filled the write-ahead log past `checkpointAt` pages.
    private var checkpointDue = false
    /// How long the log may grow before a checkpoint: `options.checkpointPages`, or that many
    /// more than a checkpoint that readers kept from copying everything left behind (else every
    /// commit would try again, each time syncing the log and the file).
    private var checkpointAt: Int
    /// Write transactions run, and the commits that made them durable (fewer when groups
    /// shared one).
    private var counts = (transactions: 0, commits: 0)

    fileprivate init(path: String, options: Database.Options) {
        self.path = path
        self.options = options
        checkpointAt = options.checkpointPages
    }

    /// Runs `body` on the writer connection inside the file's write transaction (IMMEDIATE:
    /// the write lock is taken up front, so it cannot fail half-way on a lock upgrade); answers
    /// once its writes are committed. A throw rolls back what `body` did, and only that.
    /// `tracer` hears the writer's statements meanwhile.
    func transaction<T>(tracer: (@Sendable (String) -> Void)?, _ body: (SQLiteConnection) throws -> T) throws -> T {
        let nested = enter()
        var entered = true
        defer { if entered { leave() } }
        let writer = try openWriter()
        if tracer != nil { writer.trace(tracer) }
        // Before the gate opens: after that the writer is another thread's.
        defer { if tracer != nil, entered { writer.trace(nil) } }

        let joined = !writer.isAutocommit
        if joined {
            try writer.run("SAVEPOINT member")
        } else {
            try writer.run("BEGIN IMMEDIATE")
            state.withLock { group = Group() }
        }
        if !nested { state.withLock { counts.transactions += 1 } }
        let outcome: Result<T, any Error>
        do {
            let result = try body(writer)
            if joined { try writer.run("RELEASE member") }
            outcome = .success(result)
        } catch {
            try? writer.execute(joined ? "ROLLBACK TO member; RELEASE member" : "ROLLBACK")
            // SQLite rolls the whole transaction back itself after some errors (a full disk, an
            // I/O error): then the group's earlier writes are gone too, and its members hear so.
            if writer.isAutocommit { finish(group: .failed(error)) }
            outcome = .failure(error)
        }
        // Nothing left to commit, or the outer transaction of this thread commits it.
        if nested || writer.isAutocommit { return try outcome.get() }

        // The transaction is open with this one's writes or earlier members': writers queued
        // behind carry it on, or this one commits it. One that failed does not wait for them.
        if let group = state.withLock({ () -> Group? in
            guard waiting > 0, let group, group.members < Self.groupLimit else { return nil }
            if case .success = outcome { group.members += 1 }
            return group
        }) {
            if tracer != nil { writer.trace(nil) }
            entered = false
            leave()
            guard case .success(let result) = outcome else { return try outcome.get() }
            try state.withLock {
                while group.outcome == nil { state.wait() }
                if case .failed(let error) = group.outcome { throw error }
            }
            return result
        }
        try commitGroup(on: writer)
        return try outcome.get()
    }

    /// Runs a connection's setting (a `PRAGMA`) on the writer connection, between transactions
    /// of the gate's.
    func configureWriter(_ setting: String) throws {
        let nested = enter()
        defer { leave() }
        if nested { throw SQLiteError(code: SQLITE_MISUSE, message: "the writer cannot be configured inside a write transaction") }
        let writer = try openWriter()
        try writer.execute(setting)
        // A group may have waited for this thread to carry its transaction on.
        if !writer.isAutocommit, state.withLock({ waiting == 0 }) { try commitGroup(on: writer) }
    }

    /// Commits the open transaction for its group (the gate's owner), then checkpoints if due.
    private func commitGroup(on writer: SQLiteConnection) throws {
        do {
            try writer.run("COMMIT")
            state.withLock { counts.commits += 1 }
        } catch {
            try? writer.execute("ROLLBACK")
            finish(group: .failed(error))
            throw error
        }
        finish(group: .committed)
        // With the gate still held, so no writer appends meanwhile and the checkpoint can copy
        // the whole log; the next writer then starts it again from the beginning. Outside the
        // gate, under steady writes, it never caught up: the log only grew, and every commit
        // checkpointed. The group's members already have their answers.
        if takeCheckpointDue() { checkpoint(writer.handle) }
    }

    /// The write transactions run through the gate so far, and the commits that made them
    /// durable.
    var tally: (transactions: Int, commits: Int) { state.withLock { counts } }

    /// Takes the note that a commit filled the log past the threshold.
    func takeCheckpointDue() -> Bool {
        state.withLock {
            defer { checkpointDue = false }
            return checkpointDue
        }
    }

    /// Notes the log's size after a commit on any connection to the file (its write-ahead log
    /// hook, which replaces SQLite's automatic checkpoint).
    func noteLog(pages: Int) {
        state.withLock { if pages >= checkpointAt { checkpointDue = true } }
    }

    /// Copies the log into the file (PASSIVE: no reader or writer waits for it) on `handle`, a
    /// connection to the file, and sets when the next one is due. With `Options.emptiesLog`, it
    /// also empties the log (TRUNCATE) when nobody reads it; it waits for nobody either: with a
    /// reader in another process it only copies, and the next checkpoint tries again.
    func checkpoint(_ handle: OpaquePointer) {
        var (logged, copied): (Int32, Int32) = (0, 0)
        let status: Int32
        if options.emptiesLog {
            sqlite3_busy_timeout(handle, 0)
            status = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_TRUNCATE, &logged, &copied)
            sqlite3_busy_timeout(handle, options.busyTimeoutMilliseconds)
        } else {
            status = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logged, &copied)
        }
        let pages = options.checkpointPages
        state.withLock { checkpointAt = status == SQLITE_OK && copied < logged ? Int(logged) + pages : pages }
    }

    /// Enters the gate, waiting for its owner to leave; answers whether this thread already
    /// owned it.
    private func enter() -> Bool {
        let me = pthread_self()
        state.lock()
        defer { state.unlock() }
        if let owner, pthread_equal(owner, me) != 0 {
            depth += 1
            return true
        }
        waiting += 1
        while owner != nil { state.wait() }
        waiting -= 1
        owner = me
        depth = 1
        return false
    }

    private func leave() {
        state.withLock {
            depth -= 1
            if depth == 0 {
                owner = nil
                state.broadcast()
            }
        }
    }

    /// Ends the open group (its transaction was committed or is lost) and wakes its members.
    private func finish(group outcome: Group.Outcome) {
        state.withLock {
            group?.outcome = outcome
            group = nil
            state.broadcast()
        }
    }

    /// The writer connection, opened on the first transaction (a process that only reads never
    /// opens it).
    private func openWriter() throws -> SQLiteConnection {
        if let writer { return writer }
        var options = options
        options.readOnly = false  // the first connection to the file may have been a read-only one
        let opened = try SQLiteConnection(path: path, options: options, writerOf: self)
        writer = opened
        return opened
    }

    /// The transactions sharing one commit.
    private final class Group {
        enum Outcome {
            case committed
            case failed(any Error)
        }

        /// Transactions that ended and wait for the commit.
        var members = 0
        var outcome: Outcome?
    }
}

/// The process's gates by file, each kept while a connection to its file is open.
private final class Registry: @unchecked Sendable {
    private struct Entry {
        weak var gate: WriteGate?
    }

    private let lock = NSLock()
    private var gates: [String: Entry] = [:]

    func gate(for path: String, options: Database.Options) -> WriteGate {
        lock.withLock {
            if let gate = gates[path]?.gate { return gate }
            gates = gates.filter { $0.value.gate != nil }
            let gate = WriteGate(path: path, options: options)
            gates[path] = Entry(gate: gate)
            return gate
        }
    }
}
