import Domain
import GraphQL

/// Which literals each scalar accepts, for validation, in the words graphql-js uses for the
/// built-in scalars and the API's own for its custom ones (`Scalars` parses them the same way).
enum ScalarLiterals {
    static let dateTimeProblem = "DateTime must be an ISO-8601 date-time such as \"2026-01-15T09:30:00Z\"."
    static let cursorProblem = "SyncCursor must be a cursor from `changes`."

    /// Why `literal` is not a value of the scalar named `scalar`, at the literal (or, in a JSON
    /// literal, at the part it cannot hold); nil when it is one.
    static func problem(with literal: Value, for scalar: String) -> GraphQLError? {
        message(for: literal, scalar).map { GraphQLError(message: $0, nodes: [literal]) } ?? jsonProblem(with: literal, scalar)
    }

    private static func message(for literal: Value, _ scalar: String) -> String? {
        switch scalar {
        case "Int":
            guard let int = literal as? IntValue else { return "Int cannot represent non-integer value: \(print(ast: literal))" }
            return Int32(int.value) == nil ? "Int cannot represent non 32-bit signed integer value: \(int.value)" : nil
        case "Float":
            if let float = literal as? FloatValue, Double(float.value) != nil { return nil }
            if let int = literal as? IntValue, Double(int.value) != nil { return nil }
            return "Float cannot represent non-numeric value: \(print(ast: literal))"
        case "String":
            return literal is StringValue ? nil : "String cannot represent a non-string value: \(print(ast: literal))"
        case "Boolean":
            return literal is BooleanValue ? nil : "Boolean cannot represent a non-boolean value: \(print(ast: literal))"
        case "ID":
            return literal is StringValue || literal is IntValue ? nil : "ID cannot represent a non-string and non-integer value: \(print(ast: literal))"
        case "DateTime":
            guard let text = (literal as? StringValue)?.value, Timestamp(iso8601: text) != nil else { return dateTimeProblem }
            return nil
        case "SyncCursor":
            return literal is StringValue ? nil : cursorProblem
        default:
            return nil
        }
    }

    /// JSON and Upload take any literal without variables (`MapConversion.map(literal:)`).
    private static func jsonProblem(with literal: Value, _ scalar: String) -> GraphQLError? {
        guard scalar == "JSON" || scalar == "Upload" else { return nil }
        do {
            _ = try MapConversion.map(literal: literal)
            return nil
        } catch let error as GraphQLError {
            return error
        } catch {
            return GraphQLError(message: "Expected value of type \"\(scalar)\", found \(print(ast: literal)).", nodes: [literal])
        }
    }
}
