import CCrypto
import Synchronization

/// HMAC-SHA-256 through OpenSSL's libcrypto.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        if let prepared = PreparedKeys.shared.context(for: key) {
            let ok = message.withUnsafeBufferPointer { buffer in
                ccrypto_hmac_sha256_final(prepared, buffer.baseAddress, buffer.count, &output)
            }
            if ok == 1 { return output }
        }
        var length: UInt32 = 0
        output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        key.withUnsafeBytes { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                _ = HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count), messageBuffer.baseAddress,
                         messageBuffer.count, &output, &length)
            }
        }
        return Array(output.prefix(Int(length)))
    }

    /// Compares two byte strings in time independent of where they differ.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, lhs.count) == 0 }
        }
    }
}

/// Keyed contexts for the few keys a process uses over and over (the token key, the cursor key):
/// setting a key up costs more than the code of a short message. A context is only ever copied
/// after it is made, so threads share it. Past `capacity` keys, codes are made the one-shot way.
private final class PreparedKeys: @unchecked Sendable {
    static let shared = PreparedKeys()
    private let capacity = 16
    private let contexts = Mutex<[[UInt8]: OpaquePointer]>([:])

    func context(for key: [UInt8]) -> OpaquePointer? {
        contexts.withLock { contexts in
            if let context = contexts[key] { return context }
            guard contexts.count < capacity, let context = key.withUnsafeBufferPointer({
                ccrypto_hmac_sha256_prepare($0.baseAddress, $0.count)
            }) else { return nil }
            contexts[key] = context
            return context
        }
    }
}
