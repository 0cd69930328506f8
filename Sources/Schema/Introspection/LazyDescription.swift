import Synchronization

/// The description of the SDL, made on the first introspection request: parsing and describing
/// the SDL again is a third of a cold start, and most processes (one CGI request each) never
/// introspect.
final class LazyDescription: Sendable {
    private let made = Mutex<SchemaDescription?>(nil)
    private let sdl: String
    private let builtins: String

    /// A description of `sdl` with the `builtins` definitions, not made yet.
    init(sdl: String, builtins: String) {
        self.sdl = sdl
        self.builtins = builtins
    }

    /// The description, made once.
    func value() throws -> SchemaDescription {
        try made.withLock { made in
            if let made { return made }
            let description = try SchemaDescription(sdl: sdl, builtins: builtins)
            made = description
            return description
        }
    }
}
