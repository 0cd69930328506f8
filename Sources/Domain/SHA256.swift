import CCrypto

/// SHA-256 through OpenSSL's libcrypto (its low-level functions: see `CCrypto/shim.h`).
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            ccrypto_sha256(input.baseAddress, input.count, &output)
        }
        return output
    }

    /// The digest as 64 lower-case hexadecimal characters.
    public static func hex(_ text: String) -> String {
        Hex.encode(digest(Array(text.utf8)))
    }
}
