import Domain
import GraphQL

/// Serialisation and parsing of the custom scalars `DateTime`, `SyncCursor`, `Upload` and `JSON`.
enum Scalars {
    /// Sets the custom scalars' functions on the scalar objects `scalar` finds by name.
    static func configure(_ scalar: (String) -> GraphQLScalarType?) {
        if let dateTime = scalar("DateTime") {
            dateTime.serialize = { value in
                if let timestamp = value as? Timestamp { return .string(timestamp.iso8601) }
                throw GraphQLError(message: "DateTime cannot represent \(type(of: value))")
            }
            dateTime.parseValue = { value in
                guard let text = value.string, let timestamp = Timestamp(iso8601: text) else {
                    throw GraphQLError(message: ScalarLiterals.dateTimeProblem)
                }
                return .string(timestamp.iso8601)
            }
            dateTime.parseLiteral = { literal in
                guard let text = (literal as? StringValue)?.value, let timestamp = Timestamp(iso8601: text) else {
                    throw GraphQLError(
                        message: ScalarLiterals.dateTimeProblem,
                        nodes: [literal])
                }
                return .string(timestamp.iso8601)
            }
        }
        // An opaque text: what it means is checked where it is used (signed, bound to a user).
        if let cursor = scalar("SyncCursor") {
            cursor.serialize = { value in
                if let text = value as? String { return .string(text) }
                throw GraphQLError(message: "SyncCursor cannot represent \(type(of: value))")
            }
            cursor.parseValue = { value in
                guard let text = value.string else { throw GraphQLError(message: ScalarLiterals.cursorProblem) }
                return .string(text)
            }
            cursor.parseLiteral = { literal in
                guard let text = (literal as? StringValue)?.value else {
                    throw GraphQLError(message: ScalarLiterals.cursorProblem, nodes: [literal])
                }
                return .string(text)
            }
        }
        // The name of a multipart request's file part; the resolver takes the file from the
        // request (`RequestContext.uploads`). A name with no part behind it finds no file there.
        if let upload = scalar("Upload") {
            upload.serialize = { _ in throw GraphQLError(message: "Upload is only an input.") }
            upload.parseValue = { value in
                guard let text = value.string else { throw GraphQLError(message: "Upload must be a file sent in a multipart request.") }
                return .string(text)
            }
            // A literal is valid, as for any custom scalar without a literal parser (graphql-js,
            // graphql-core): it names no part the request carries, so the resolver finds no file.
            upload.parseLiteral = { literal in try MapConversion.map(literal: literal) }
        }
        if let json = scalar("JSON") {
            json.serialize = { value in
                if let value = value as? JSONValue { return MapConversion.map(value) }
                throw GraphQLError(message: "JSON cannot represent \(type(of: value))")
            }
            json.parseValue = { $0 }
            json.parseLiteral = { literal in try MapConversion.map(literal: literal) }
        }
    }
}
