#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The source of "now" for a request. Services never read the system time directly,
/// so tests can pin time and step it.
public protocol Clock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}

/// The real time of the machine.
public struct SystemClock: Clock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}

/// A clock that always answers the same instant, for tests and reproducible runs.
public struct FixedClock: Clock {
    /// The instant this clock answers.
    public let instant: Timestamp

    /// Creates a clock stopped at `instant`.
    public init(_ instant: Timestamp) {
        self.instant = instant
    }

    public func now() -> Timestamp { instant }
}
