import Domain
import Synchronization

/// A clock tests can set and step.
final class TestClock: Clock {
    private let instant: Mutex<Timestamp>

    init(_ start: Timestamp = TestDatabase.now) {
        instant = Mutex(start)
    }

    func now() -> Timestamp {
        instant.withLock { $0 }
    }

    /// Moves the clock forward.
    func advance(seconds: Int64) {
        instant.withLock { $0 = $0.adding(seconds: seconds) }
    }
}
