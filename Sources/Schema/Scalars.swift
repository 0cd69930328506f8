import Domain
import GraphQL

/// Serialisation and parsing of the custom scalars `DateTime`, `SyncCursor`, `Upload` and `JSON`:
/// one definition, which the plan executor's leaf types (`LeafType`) use, and which `configure`
/// sets on GraphQLSwift's scalar objects for the test oracle.
enum Scalars {
    /// A custom scalar's three functions, with GraphQLSwift's signatures.
    struct Functions: Sendable {
        let serialize: @Sendable (Any) throws -> Map
        let parseValue: @Sendable (Map) throws -> Map
        let parseLiteral: @Sendable (Value) throws -> Map
    }

    private static let dateTimeProblem = "DateTime must be an ISO-8601 date-time such as \"2026-01-15T09:30:00Z\"."
    private static let cursorProblem = "SyncCursor must be a cursor from `changes`."

    /// The custom scalars by name.
    static let custom: [String: Functions] = [
        "DateTime": Functions(
            serialize: { value in
                if let timestamp = value as? Timestamp { return .string(timestamp.iso8601) }
                throw GraphQLError(message: "DateTime cannot represent \(type(of: value))")
            },
            parseValue: { value in
                guard let text = value.string, let timestamp = Timestamp(iso8601: text) else {
                    throw GraphQLError(message: dateTimeProblem)
                }
                return .string(timestamp.iso8601)
            },
            parseLiteral: { literal in
                guard let text = (literal as? StringValue)?.value, let timestamp = Timestamp(iso8601: text) else {
                    throw GraphQLError(message: dateTimeProblem, nodes: [literal])
                }
                return .string(timestamp.iso8601)
            }),
        // An opaque text: what it means is checked where it is used (signed, bound to a user).
        "SyncCursor": Functions(
            serialize: { value in
                if let text = value as? String { return .string(text) }
                throw GraphQLError(message: "SyncCursor cannot represent \(type(of: value))")
            },
            parseValue: { value in
                guard let text = value.string else { throw GraphQLError(message: cursorProblem) }
                return .string(text)
            },
            parseLiteral: { literal in
                guard let text = (literal as? StringValue)?.value else {
                    throw GraphQLError(message: cursorProblem, nodes: [literal])
                }
                return .string(text)
            }),
        // The name of a multipart request's file part; the resolver takes the file from the
        // request (`RequestContext.uploads`). A name with no part behind it finds no file there.
        // A literal is valid, as for any custom scalar without a literal parser (graphql-js,
        // graphql-core): it names no part the request carries, so the resolver finds no file.
        "Upload": Functions(
            serialize: { _ in throw GraphQLError(message: "Upload is only an input.") },
            parseValue: { value in
                guard let text = value.string else { throw GraphQLError(message: "Upload must be a file sent in a multipart request.") }
                return .string(text)
            },
            parseLiteral: { literal in try MapConversion.map(literal: literal) }),
        "JSON": Functions(
            serialize: { value in
                if let value = value as? JSONValue { return MapConversion.map(value) }
                throw GraphQLError(message: "JSON cannot represent \(type(of: value))")
            },
            parseValue: { $0 },
            parseLiteral: { literal in try MapConversion.map(literal: literal) }),
    ]

    /// Sets the custom scalars' functions on the GraphQLSwift scalar objects `scalar` finds by
    /// name (the oracle's schema).
    static func configure(_ scalar: (String) -> GraphQLScalarType?) {
        for (name, functions) in custom {
            guard let type = scalar(name) else { continue }
            type.serialize = functions.serialize
            type.parseValue = functions.parseValue
            type.parseLiteral = functions.parseLiteral
        }
    }
}
