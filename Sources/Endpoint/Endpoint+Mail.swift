import Domain
import Services
import Storage

extension Endpoint {
    /// The outbox over the configured database, with the data key that opens its bodies
    /// (`mirubato mail`); builds no schema.
    public static func mailService(_ configuration: Configuration) throws -> MailService {
        let random = configuration.makeRandomSource()
        let settings = try Secrets.settings(configuration, random: random)
        return MailService(
            database: try openDatabase(configuration), clock: configuration.clock, sender: configuration.mailFrom,
            cipher: FieldCipher(key: settings.dataKey, random: random))
    }
}

extension Endpoint {
    /// The newest message queued to `recipient` (or anyone), its body opened: for tests and
    /// local tools that read a fresh sign-in link.
    func newestMessage(to recipient: String? = nil) throws -> OutboxStore.Message? {
        try OutboxStore(database: database, cipher: FieldCipher(key: settings.dataKey, random: random)).newest(to: recipient)
    }

    /// The token of the newest sign-in link queued to `recipient` (or anyone): what benchmarks
    /// and tests sign in with, read where a user would find it.
    public func newestMagicLinkToken(to recipient: String? = nil) throws -> String? {
        try newestMessage(to: recipient)?.body.firstMatch(of: /token=([A-Za-z0-9_-]+)/).map { String($0.1) }
    }
}
