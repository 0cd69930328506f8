import CCrypto
import Synchronization

/// HMAC-SHA-256 over libcrypto's SHA-256 (RFC 2104; `CCrypto/shim.h`).
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var prepared = PreparedKeys.shared.prepared(key)
        var output = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBufferPointer { buffer in
            ccrypto_hmac_sha256(&prepared, buffer.baseAddress, buffer.count, &output)
        }
        return output
    }

    /// Compares two byte strings in time independent of where they differ.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, lhs.count) == 0 }
        }
    }
}

/// Keys set up once for the few keys a process uses over and over (the token key, the cursor
/// key): setting a key up costs two hash blocks, as much as the code of a short message. Past
/// `capacity` keys, a key is set up for each code. A list searched in order, not a dictionary:
/// a dictionary keyed by `[UInt8]` has the runtime check that `[UInt8]` and `UInt8` are
/// `Hashable` when it first makes one, two scans of every conformance in the binary (0.2 ms of
/// a one-request process), and there are at most 16 keys.
private final class PreparedKeys: Sendable {
    static let shared = PreparedKeys()
    private let capacity = 16
    private let keys = Mutex<[(key: [UInt8], prepared: ccrypto_hmac_key)]>([])

    func prepared(_ key: [UInt8]) -> ccrypto_hmac_key {
        if let known = keys.withLock({ $0.first { $0.key == key }?.prepared }) { return known }
        var prepared = ccrypto_hmac_key()
        key.withUnsafeBufferPointer { ccrypto_hmac_sha256_prepare(&prepared, $0.baseAddress, $0.count) }
        keys.withLock { keys in
            if keys.count < capacity, !keys.contains(where: { $0.key == key }) { keys.append((key, prepared)) }
        }
        return prepared
    }
}
