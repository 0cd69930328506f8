import Foundation
import Synchronization

/// Orders the write transactions of one process's connections to the same file. Without it, a
/// worker that finds another worker of its own process writing gets `SQLITE_BUSY` and SQLite's
/// busy handler sleeps at least a millisecond; waiting on a lock instead resumes the moment the
/// other transaction commits. Other processes still meet through SQLite's busy timeout.
final class WriteGate: Sendable {
    private static let gates = Mutex<[String: WriteGate]>([:])

    /// The gate of a database file, shared by every connection of the process to it.
    static func gate(for path: String) -> WriteGate {
        gates.withLock { gates in
            if let gate = gates[path] { return gate }
            let gate = WriteGate()
            gates[path] = gate
            return gate
        }
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
