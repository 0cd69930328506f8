extension APIError {
    /// A point in the query text, counted from 1 as GraphQL's `locations` are.
    public struct Location: Sendable, Equatable {
        /// The line.
        public let line: Int
        /// The column, in Unicode scalars.
        public let column: Int

        /// Creates a location.
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// One step of a response path: a field's response key or a list position.
    public enum PathElement: Sendable, Equatable {
        /// A field's response key (its alias when it has one).
        case key(String)
        /// A position in a list, from 0.
        case index(Int)
    }

    /// The same error pointing at these places in the query and the response.
    public func located(at locations: [Location], path: [PathElement] = []) -> APIError {
        var copy = self
        copy.locations = locations
        copy.path = path
        return copy
    }
}
