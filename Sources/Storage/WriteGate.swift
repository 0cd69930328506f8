import Foundation

/// Orders the write transactions of one process's connections to the same file. Without it, a
/// worker that finds another worker of its own process writing gets `SQLITE_BUSY` and SQLite's
/// busy handler sleeps at least a millisecond; waiting on a lock instead resumes the moment the
/// other transaction commits. Other processes still meet through SQLite's busy timeout.
final class WriteGate: Sendable {
    private static let registry = Registry()

    /// The gate of a database file, shared by every connection of the process to it.
    static func gate(for path: String) -> WriteGate {
        registry.gate(for: path)
    }

    // Recursive: one thread may hold transactions on two connections to one file (it then waits
    // on SQLite's lock, as it did before the gate).
    private let lock = NSRecursiveLock()

    /// Runs `body` as the process's only writer to the file.
    func pass<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// The process's gates by file.
private final class Registry: @unchecked Sendable {
    private let lock = NSLock()
    private var gates: [String: WriteGate] = [:]

    func gate(for path: String) -> WriteGate {
        lock.withLock {
            if let gate = gates[path] { return gate }
            let gate = WriteGate()
            gates[path] = gate
            return gate
        }
    }
}
