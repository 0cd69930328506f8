import Foundation

/// The requests read whole and waiting for a worker, first in first out. Closing it lets the
/// workers take what is left, then stop.
final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [FastCGIJob] = []
    private var head = 0
    private var closed = false

    /// Adds requests and wakes a worker for each.
    func put(_ new: [FastCGIJob]) {
        guard !new.isEmpty else { return }
        condition.withLock {
            jobs += new
            if new.count == 1 { condition.signal() } else { condition.broadcast() }
        }
    }

    /// The next request; nil once the queue is closed and empty.
    func take() -> FastCGIJob? {
        condition.withLock {
            while head == jobs.count, !closed { condition.wait() }
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }

    /// No more requests come; workers finish what is queued.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }
}
