import CCrypto

/// SHA-256 through OpenSSL's libcrypto.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            _ = CCrypto.SHA256(input.baseAddress, input.count, &output)
        }
        return output
    }

    /// The digest as 64 lower-case hexadecimal characters.
    public static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(Int(SHA256_DIGEST_LENGTH) * 2)
        for byte in digest(Array(text.utf8)) {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 15)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
