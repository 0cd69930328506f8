import Synchronization

/// The description of the schema, made on the first introspection request: most processes (one
/// CGI request each) never introspect.
final class LazyDescription: Sendable {
    private let made = Mutex<SchemaDescription?>(nil)
    private let table: SchemaTable

    /// A description of `table`, not made yet.
    init(table: SchemaTable) {
        self.table = table
    }

    /// The description, made once.
    func value() throws -> SchemaDescription {
        try made.withLock { made in
            if let made { return made }
            let description = try SchemaDescription(table: table)
            made = description
            return description
        }
    }
}
