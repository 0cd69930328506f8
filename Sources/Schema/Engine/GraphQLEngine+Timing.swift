import Domain
import GraphQL

/// The steps of preparation one at a time, for `mirubato benchmark`'s parse and validate columns.
extension GraphQLEngine {
    /// A parsed query, opaque outside the engine.
    public struct ParsedQuery: Sendable {
        let document: Document
    }

    /// Parses query text (no limits, no validation, no cache).
    public func parseOnly(_ query: String) throws -> ParsedQuery {
        ParsedQuery(document: try parse(source: Source(body: UnicodeEscapes.normalized(query), name: "GraphQL request")))
    }

    /// Runs every validation rule of this deployment on a parsed query; answers how many errors it found.
    public func validationErrorCount(of parsed: ParsedQuery) -> Int {
        validationErrors(in: parsed.document).count
    }
}
