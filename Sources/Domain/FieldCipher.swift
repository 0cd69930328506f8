import CCipher

/// AES-256-GCM for sensitive free text at rest, by libcrypto opened at the first seal or open
/// (`CCipher`). Each value gets a fresh 96-bit nonce; the column's
/// name is authenticated as associated data, so a ciphertext cannot be moved to another column.
/// Stored form: `v1.` + base64url(nonce ‖ ciphertext ‖ 128-bit tag).
public struct FieldCipher: Sendable {
    /// Why a stored value could not be decrypted: a wrong key or tampering.
    public struct Failure: Error, Equatable, Sendable {}

    private let key: [UInt8]
    private let random: any RandomSource

    /// Creates a cipher from a 32-byte key.
    public init(key: [UInt8], random: any RandomSource) {
        precondition(key.count == 32, "AES-256 needs a 32-byte key")
        self.key = key
        self.random = random
    }

    /// Opens libcrypto.so.3 if no seal or open has yet; a process that cannot has no cipher and
    /// stops, naming the library (as a process configured for PostgreSQL without libpq does).
    private static func loadLibrary() {
        if let error = ccipher_load() { fatalError("AES-GCM needs libcrypto: \(String(cString: error))") }
    }

    /// Encrypts `plaintext` for `column` (for example `practice_logs.practice_notes`).
    public func seal(_ plaintext: String, column: String) -> String {
        Self.loadLibrary()
        let nonce = random.bytes(12)
        let input = Array(plaintext.utf8)
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var tag = [UInt8](repeating: 0, count: 16)
        let context = ccipher_EVP_CIPHER_CTX_new()
        defer { ccipher_EVP_CIPHER_CTX_free(context) }
        var length: Int32 = 0
        let aad = Array(column.utf8)
        guard ccipher_EVP_EncryptInit_ex(context, ccipher_EVP_aes_256_gcm(), nil, key, nonce) == 1,
              ccipher_EVP_EncryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1,
              ccipher_EVP_EncryptUpdate(context, &output, &length, input, Int32(input.count)) == 1
        else { fatalError("AES-GCM encryption failed") }
        let written = Int(length)
        guard ccipher_EVP_EncryptFinal_ex(context, &output[written], &length) == 1,
              ccipher_EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, 16, &tag) == 1
        else { fatalError("AES-GCM encryption failed") }
        return "v1." + Base64URL.encode(nonce + output.prefix(written + Int(length)) + tag)
    }

    /// Decrypts a value sealed for `column`.
    public func open(_ sealed: String, column: String) throws(Failure) -> String {
        guard sealed.hasPrefix("v1."), let bytes = Base64URL.decode(String(sealed.dropFirst(3))), bytes.count >= 28 else {
            throw Failure()
        }
        Self.loadLibrary()
        let nonce = Array(bytes.prefix(12))
        var tag = Array(bytes.suffix(16))
        let input = Array(bytes[12..<(bytes.count - 16)])
        var output = [UInt8](repeating: 0, count: input.count + 16)
        let context = ccipher_EVP_CIPHER_CTX_new()
        defer { ccipher_EVP_CIPHER_CTX_free(context) }
        var length: Int32 = 0
        let aad = Array(column.utf8)
        guard ccipher_EVP_DecryptInit_ex(context, ccipher_EVP_aes_256_gcm(), nil, key, nonce) == 1,
              ccipher_EVP_DecryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1,
              ccipher_EVP_DecryptUpdate(context, &output, &length, input, Int32(input.count)) == 1
        else { throw Failure() }
        let written = Int(length)
        guard ccipher_EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, 16, &tag) == 1,
              ccipher_EVP_DecryptFinal_ex(context, &output[written], &length) == 1,
              let text = String(validating: output.prefix(written + Int(length)), as: UTF8.self)
        else { throw Failure() }
        return text
    }
}
