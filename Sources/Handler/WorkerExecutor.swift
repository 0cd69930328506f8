import Foundation

/// Runs a thread's async work on that thread: a FastCGI worker's requests and streams, and the
/// whole of a one-request process. The request path is synchronous inside (resolvers read local
/// SQLite and never suspend) but async at its surface; starting a task on the shared pool and
/// waiting for it cost two thread switches per request, and a process that starts the pool pays
/// for its threads and their memory arenas besides. With this executor as the task's
/// preference, every job of the task is queued here and run by the calling thread itself.
@available(macOS 15, *)
final class WorkerExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    /// Runs `work` to its end on the calling thread and answers its result.
    func run<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
        let box = ResultBox<Value>()
        Task(executorPreference: self) {
            box.value = await work()
            self.condition.withLock {
                self.finished = true
                self.condition.signal()
            }
        }
        while true {
            let ready: [UnownedJob]? = condition.withLock {
                while jobs.isEmpty, !finished { condition.wait() }
                if jobs.isEmpty { return nil }
                defer { jobs.removeAll(keepingCapacity: true) }
                return jobs
            }
            guard let ready else { break }
            for job in ready { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
        finished = false
        guard let value = box.value else { preconditionFailure("the task finished without a value") }
        return value
    }
}

/// Carries a value out of a task.
final class ResultBox<Value>: @unchecked Sendable {
    /// The value, once the task has produced it.
    var value: Value?
}
