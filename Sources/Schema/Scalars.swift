import Domain
import GraphQL

/// Serialisation and parsing of the custom scalars `DateTime` and `JSON`.
enum Scalars {
    static func configure(_ schema: GraphQLSchema) {
        if let dateTime = schema.getType(name: "DateTime") as? GraphQLScalarType {
            dateTime.serialize = { value in
                if let timestamp = value as? Timestamp { return .string(timestamp.iso8601) }
                throw GraphQLError(message: "DateTime cannot represent \(type(of: value))")
            }
            dateTime.parseValue = { value in
                guard let text = value.string, let timestamp = Timestamp(iso8601: text) else {
                    throw GraphQLError(message: "DateTime must be an ISO-8601 date-time such as \"2026-01-15T09:30:00Z\".")
                }
                return .string(timestamp.iso8601)
            }
            dateTime.parseLiteral = { literal in
                guard let text = (literal as? StringValue)?.value, let timestamp = Timestamp(iso8601: text) else {
                    throw GraphQLError(
                        message: "DateTime must be an ISO-8601 date-time such as \"2026-01-15T09:30:00Z\".",
                        nodes: [literal])
                }
                return .string(timestamp.iso8601)
            }
        }
        if let json = schema.getType(name: "JSON") as? GraphQLScalarType {
            json.serialize = { value in
                if let value = value as? JSONValue { return MapConversion.map(value) }
                throw GraphQLError(message: "JSON cannot represent \(type(of: value))")
            }
            json.parseValue = { $0 }
            json.parseLiteral = { literal in try MapConversion.map(literal: literal) }
        }
    }
}
