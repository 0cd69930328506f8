import Domain
import Storage

/// The domain services of one request, over the process's connections and the request's clock.
public struct AppServices: Sendable {
    /// The sheet-music catalogue.
    public let sheetMusic: SheetMusicService
    /// The request's clock.
    public let clock: any Clock

    /// Wires the services over a database, the KV cache, a clock and a random source.
    public init(database: Database, kv: KVStore, clock: any Clock, random: any RandomSource) {
        sheetMusic = SheetMusicService(store: SheetMusicStore(database: database), random: random)
        self.clock = clock
    }
}
