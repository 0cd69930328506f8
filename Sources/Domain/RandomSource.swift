import CCrypto
import Glibc
import Synchronization

/// Where identifiers, tokens and random picks get their randomness.
public protocol RandomSource: Sendable {
    /// `count` random bytes.
    func bytes(_ count: Int) -> [UInt8]
}

extension RandomSource {
    /// A uniformly distributed integer in `0..<upperBound` (rejection sampling, no modulo bias).
    public func integer(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upper bound must be positive")
        let bound = UInt64(upperBound)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let value = bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if value < limit { return Int(value % bound) }
        }
    }
}

/// The kernel's CSPRNG (`getrandom`): the source for everything in production. OpenSSL's
/// `RAND_bytes` seeds itself from it too, but starting its generator costs a process that answers
/// one request more than all the bytes that request needs.
public struct CryptoRandom: RandomSource {
    /// Creates the CSPRNG source.
    public init() {}

    public func bytes(_ count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = buffer.withUnsafeMutableBytes { getrandom($0.baseAddress! + filled, count - filled, 0) }
            if read > 0 {
                filled += read
            } else if errno != EINTR {
                // Only fails when the kernel has no entropy source; continuing would hand out
                // predictable tokens, so stopping is the only safe answer.
                fatalError("getrandom failed: no entropy")
            }
        }
        return buffer
    }
}

/// A deterministic SplitMix64 stream, for tests and reproducible runs only (never in production:
/// its output is predictable by design). Shared by all requests of a process, so ids never repeat.
public final class SeededRandom: RandomSource {
    private let state: Mutex<UInt64>

    /// Creates a stream from a seed; the same seed gives the same bytes.
    public init(seed: UInt64) {
        state = Mutex(seed)
    }

    /// Where the stream is: a stream created with this as its seed continues this one exactly.
    public var position: UInt64 {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }

    public func bytes(_ count: Int) -> [UInt8] {
        state.withLock { state in
            var output: [UInt8] = []
            output.reserveCapacity(count)
            while output.count < count {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                for shift in stride(from: 56, through: 0, by: -8) where output.count < count {
                    output.append(UInt8(truncatingIfNeeded: z >> UInt64(shift)))
                }
            }
            return output
        }
    }
}
