import Synchronization

/// A key derived from a secret for one purpose (HMAC-SHA-256 of the purpose's label), computed
/// at its first use rather than when the process starts: a process that answers one request
/// that needs no such key then never computes it, nor starts libcrypto for it.
public final class DerivedKey: Sendable {
    private let label: String
    private let secret: [UInt8]
    private let derived = Mutex<[UInt8]?>(nil)

    /// The key for `label` under `secret`.
    public init(label: String, secret: [UInt8]) {
        self.label = label
        self.secret = secret
    }

    /// The key's bytes.
    public var key: [UInt8] {
        derived.withLock { derived in
            if let derived { return derived }
            let key = HMACSHA256.authenticate(Array(label.utf8), key: secret)
            derived = key
            return key
        }
    }
}
