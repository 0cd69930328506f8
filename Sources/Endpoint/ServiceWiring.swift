import Domain
import Services
import Storage

/// Everything a process's services are built from except the clock: its connections, the
/// in-memory tiers its requests share (decoded cache values, rate counters, verified tokens),
/// the cursor codec, the settings and the random source.
struct ServiceWiring: Sendable {
    let database: Database
    let kv: KVStore
    /// Decoded KV cache values, shared by the requests.
    let memory: KVCache.Memory
    /// Whether cached values are kept in the KV store (`KVCache.usesStore`).
    let cachesInStore: Bool
    /// A serving process's in-memory rate counters, shared by its workers; nil in a process that
    /// answers one request (`handle`, CGI), which must count in the KV file.
    let counters: RateCounters?
    /// Access tokens whose signatures have been verified here.
    let verifiedTokens: AuthService.VerifiedTokens
    /// List cursors under the data key (its key derived once).
    let cursors: CursorCodec
    let settings: AuthSettings
    let practice: PracticeSettings
    let random: any RandomSource
    let log: Log

    /// The services at `clock`.
    func services(clock: any Clock) -> AppServices {
        let log = self.log
        return AppServices(
            database: database, kv: kv, memory: memory, cachesInStore: cachesInStore, counters: counters, verifiedTokens: verifiedTokens, cursors: cursors,
            settings: settings, practice: practice, clock: clock, random: random,
            log: { line in log.write(["level": .string("info"), "event": .string("mail"), "message": .string(line)]) })
    }
}
