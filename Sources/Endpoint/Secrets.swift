import Domain
import Foundation
import Services

/// Turns the configured secrets into keys. In development a missing secret is generated once into
/// a 0600 file beside the database, so restarts keep sessions; production refuses to start.
enum Secrets {
    /// The sign-in settings with both keys resolved.
    static func settings(_ configuration: Configuration, random: any RandomSource) throws -> AuthSettings {
        // Hosts that share a PostgreSQL database must share the keys too: a key generated on one
        // host would refuse every token another host issued. They come from the environment.
        guard case .sqlite(let path) = configuration.databaseLocation else {
            guard let jwt = configuration.jwtSecret, let data = configuration.dataKey else {
                throw Configuration.Invalid(description: "with a PostgreSQL database, set MIRUBATO_JWT_SECRET and MIRUBATO_DATA_KEY (the same on every host)")
            }
            return try settings(configuration, jwtText: jwt, dataText: data)
        }
        let folder = Runtime.folder(of: path)
        let jwtText = try configuration.jwtSecret
            ?? generated(name: "MIRUBATO_JWT_SECRET", file: folder + "/jwt-secret", configuration: configuration, random: random)
        let dataText = try configuration.dataKey
            ?? generated(name: "MIRUBATO_DATA_KEY", file: folder + "/data-key", configuration: configuration, random: random)
        return try settings(configuration, jwtText: jwtText, dataText: dataText)
    }

    /// The settings with these secrets, checked.
    private static func settings(_ configuration: Configuration, jwtText: String, dataText: String) throws -> AuthSettings {
        let jwtKey = Array(jwtText.utf8)
        guard jwtKey.count >= 32 else {
            throw Configuration.Invalid(description: "MIRUBATO_JWT_SECRET must be at least 32 bytes")
        }
        guard let dataKey = key(from: dataText) else {
            throw Configuration.Invalid(description: "MIRUBATO_DATA_KEY must be 32 bytes as 64 hex digits or 43 base64url characters")
        }
        var settings = AuthSettings(jwtKey: jwtKey, dataKey: dataKey)
        settings.publicURL = configuration.publicURL
        settings.logMagicLinks = configuration.logMagicLinks
        settings.magicLinkSeconds = configuration.magicLinkSeconds
        settings.magicLinkPerEmail = configuration.magicLinkPerEmail
        settings.magicLinkPerClient = configuration.magicLinkPerClient
        settings.requests = configuration.requests
        return settings
    }

    /// 32 bytes from hex or base64url text.
    static func key(from text: String) -> [UInt8]? {
        if text.count == 64, text.allSatisfy(\.isHexDigit) {
            let digits = Array(text.utf8)
            return stride(from: 0, to: 64, by: 2).compactMap { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) }
        }
        let bytes = Base64URL.decode(text)
        return bytes?.count == 32 ? bytes : nil
    }

    private static func generated(name: String, file: String, configuration: Configuration, random: any RandomSource) throws -> String {
        guard !configuration.isProduction else {
            throw Configuration.Invalid(description: "\(name) is required in production")
        }
        if let existing = try? String(contentsOfFile: file, encoding: .utf8) {
            return existing.trimmingLineWhitespace()
        }
        // A fresh secret from the CSPRNG even when a test seed is set: it must never be guessable.
        let secret = Base64URL.encode(CryptoRandom().bytes(32))
        // Written to a private temporary file, then linked into place: link(2) fails if another
        // process won the race, and nobody ever reads a half-written secret.
        let temporary = file + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw Configuration.Invalid(description: "cannot create \(file) for \(name)") }
        let bytes = Array((secret + "\n").utf8)
        let written = write(descriptor, bytes, bytes.count)
        close(descriptor)
        defer { unlink(temporary) }
        guard written == bytes.count else { throw Configuration.Invalid(description: "cannot write \(file) for \(name)") }
        if link(temporary, file) != 0 {
            guard let existing = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw Configuration.Invalid(description: "cannot create \(file) for \(name)")
            }
            return existing.trimmingLineWhitespace()
        }
        return secret
    }
}
