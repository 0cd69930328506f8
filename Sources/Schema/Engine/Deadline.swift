import Foundation

/// Races work against a time limit. The answer is whichever comes first; work that loses keeps
/// running to completion in the background (resolvers are synchronous and cannot be stopped
/// half-way), so a write that times out is still applied, and replay-safe ids keep retries safe.
enum Deadline {
    /// The work's result, or nil when the limit passed first.
    static func run<Value: Sendable>(milliseconds: Int, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value? {
        let race = Race<Value>()
        return try await withCheckedThrowingContinuation { continuation in
            race.continuation = continuation
            Task {
                do { race.finish(.success(try await work())) } catch { race.finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
                race.finish(.success(nil))
            }
        }
    }
}

/// The continuation of a race, resumed exactly once.
private final class Race<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    var continuation: CheckedContinuation<Value?, any Error>?

    func finish(_ outcome: Result<Value?, any Error>) {
        let waiting: CheckedContinuation<Value?, any Error>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: outcome)
    }
}
