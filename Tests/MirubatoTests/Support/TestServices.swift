import Domain
import Services
import Storage

/// Services over a fresh seeded database, a fresh KV file and a steppable clock.
struct TestServices {
    let services: AppServices
    let database: Database
    let clock: TestClock

    init(settings: ((inout AuthSettings) -> Void)? = nil, practice: PracticeSettings = PracticeSettings()) throws {
        try self.init(paths: try TestDatabase.freshCopy(), clock: TestClock(), seed: 9, settings: settings, practice: practice)
    }

    /// Services on their own connection to the database and KV cache at `paths`, at `clock`
    /// (several of them over one database play several hosts).
    init(
        paths: (database: String, kv: String), clock: TestClock, seed: UInt64, settings: ((inout AuthSettings) -> Void)? = nil,
        practice: PracticeSettings = PracticeSettings()
    ) throws {
        self.clock = clock
        database = try Database(DatabaseLocation(paths.database))
        let kv = try KVStore(KVLocation(paths.kv), clock: clock)
        var authSettings = AuthSettings(jwtKey: Array(TestDatabase.jwtSecret.utf8), dataKey: Array(repeating: 1, count: 32))
        settings?(&authSettings)
        services = AppServices(
            database: database, kv: kv, settings: authSettings, practice: practice, clock: clock, random: SeededRandom(seed: seed))
    }

    /// The token of the newest magic link in the outbox.
    func latestMagicToken() throws -> String {
        let outbox = OutboxStore(database: database, cipher: FieldCipher(key: Array(repeating: 1, count: 32), random: CryptoRandom()))
        guard let body = try outbox.newest()?.body, let range = body.range(of: "token=") else { throw TestFailure("no magic link in the outbox") }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }

    /// Signs a new user in and answers their tokens.
    func signIn(_ email: String) throws -> TokenPair {
        try services.auth.requestMagicLink(email: email, client: "test")
        return try services.auth.verifyMagicLink(token: latestMagicToken())
    }

    /// Count of rows in a table matching a condition with one parameter.
    func count(_ table: String, where condition: String = "TRUE", _ parameter: String? = nil) throws -> Int {
        try database.first("SELECT count(*) FROM \(table) WHERE \(condition)", parameter.map { [.text($0)] } ?? []) { $0.integer(0) ?? 0 } ?? 0
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
