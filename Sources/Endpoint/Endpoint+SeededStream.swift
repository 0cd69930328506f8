import Domain

extension Endpoint {
    /// The KV key of the seeded stream's position between processes.
    private static let streamPositionKey = "test:random-position"

    /// Runs `body` on the seeded random stream (the `MIRUBATO_RANDOM_SEED` test hook) where the
    /// previous process left it, and leaves it there for the next: a process that answers one
    /// request (CGI) then draws the same ids as one long-lived process would for the same
    /// sequence of requests. Without the hook it only runs `body`.
    public func continuingSeededStream<T>(_ body: () async -> T) async -> T {
        guard let seeded = exactCast(random, to: SeededRandom.self) else { return await body() }
        if let text = try? kv.get(Self.streamPositionKey), let position = UInt64(text) { seeded.position = position }
        let result = await body()
        try? kv.put(Self.streamPositionKey, String(seeded.position))
        return result
    }
}
