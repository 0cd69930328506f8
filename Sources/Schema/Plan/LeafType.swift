import GraphQL

/// A scalar or enum as the plan executor parses and serialises its values, with no GraphQLSwift
/// type object behind it (making one, even the library's `String`, compiles an ICU regular
/// expression: millions of instructions in a process that answers one request). The built-in
/// scalars and enums follow GraphQLSwift 4.3.0's rules and messages, so both executors hand
/// resolvers and clients the same values (`DifferentialTests`); the custom scalars are the API's
/// own (`Scalars`).
final class LeafType: Sendable {
    /// Which rules apply.
    enum Kind: Sendable {
        case int, float, string, boolean, id
        /// An enum, by its values' names (each value is its own name as a string).
        case enumeration([String])
        case custom(Scalars.Functions)
    }

    let name: String
    let kind: Kind

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The leaf type of a table's scalar or enum.
    convenience init(_ type: SchemaTable.NamedType) {
        let kind: Kind = switch type.name {
        case _ where type.kind == .enumeration: .enumeration(type.enumValues.map(\.name))
        case "Int": .int
        case "Float": .float
        case "String": .string
        case "Boolean": .boolean
        case "ID": .id
        // A custom scalar without functions of its own takes any value, as graphql-js's do.
        default: .custom(Scalars.custom[type.name] ?? Scalars.Functions(
            serialize: { try map(from: $0) }, parseValue: { $0 }, parseLiteral: { try MapConversion.map(literal: $0) }))
        }
        self.init(name: type.name, kind: kind)
    }

    private static let intRange = Double(Int32.min)...Double(Int32.max)

    /// A literal as this type's value; throws where GraphQLSwift's `parseLiteral` does.
    func parseLiteral(_ literal: Value) throws -> Map {
        switch kind {
        case .int:
            if let int = literal as? IntValue, let value = Int(int.value) { return .int(value) }
            throw GraphQLError(message: "Int cannot represent non-integer value: \(print(ast: literal))", nodes: [literal])
        case .float:
            if let float = literal as? FloatValue, let value = Double(float.value) { return .double(value) }
            if let int = literal as? IntValue, let value = Double(int.value) { return .double(value) }
            throw GraphQLError(message: "Float cannot represent non-numeric value: \(print(ast: literal))", nodes: [literal])
        case .string:
            if let string = literal as? StringValue { return .string(string.value) }
            throw GraphQLError(message: "String cannot represent a non-string value: \(print(ast: literal))", nodes: [literal])
        case .boolean:
            if let boolean = literal as? BooleanValue { return .bool(boolean.value) }
            throw GraphQLError(message: "Boolean cannot represent a non-boolean value: \(print(ast: literal))", nodes: [literal])
        case .id:
            if let string = literal as? StringValue { return .string(string.value) }
            if let int = literal as? IntValue { return .string(int.value) }
            throw GraphQLError(message: "ID cannot represent a non-string and non-integer value: \(print(ast: literal))", nodes: [literal])
        case .enumeration(let names):
            guard let value = literal as? EnumValue else {
                throw GraphQLError(
                    message: "Enum \"\(name)\" cannot represent non-enum value: \(print(ast: literal))."
                        + Suggestions.didYouMean(Suggestions.list(for: print(ast: literal), among: names), lead: "the enum value"),
                    nodes: [literal])
            }
            guard names.contains(value.value) else { throw unknownValue(value.value, of: names, at: [literal]) }
            return .string(value.value)
        case .custom(let functions):
            return try functions.parseLiteral(literal)
        }
    }

    /// A variable's value as this type's; throws where GraphQLSwift's `parseValue` does.
    func parseValue(_ value: Map) throws -> Map {
        switch kind {
        case .int:
            if case .number(let number) = value, Self.intRange.contains(number.doubleValue), number.doubleValue.isFinite { return .number(number) }
            throw GraphQLError(message: "Int cannot represent non-integer value: \(value)")
        case .float:
            if case .number(let number) = value, number.doubleValue.isFinite { return .number(number) }
            throw GraphQLError(message: "Float cannot represent non numeric value: \(value)")
        case .string:
            if case .string = value { return value }
            throw GraphQLError(message: "String cannot represent a non string value: \(value)")
        case .boolean:
            if case .bool = value { return value }
            // GraphQLSwift takes numbers too (its own coder turns booleans into 0 and 1).
            if case .number(let number) = value { return .bool(number.intValue != 0) }
            throw GraphQLError(message: "Boolean cannot represent a non boolean value: \(value)")
        case .id:
            if case .string = value { return value }
            if case .number(let number) = value, number.storageType == .int { return .string(number.description) }
            throw GraphQLError(message: "ID cannot represent value: \(value)")
        case .enumeration(let names):
            guard let text = value.string else {
                throw GraphQLError(
                    message: "Enum \"\(name)\" cannot represent non-string value: \(value)."
                        + Suggestions.didYouMean(Suggestions.list(for: value.description, among: names), lead: "the enum value"))
            }
            guard names.contains(text) else { throw unknownValue(text, of: names, at: []) }
            return .string(text)
        case .custom(let functions):
            return try functions.parseValue(value)
        }
    }

    /// An enum value name the enum does not have, literal or variable, in GraphQLSwift's words.
    private func unknownValue(_ text: String, of names: [String], at nodes: [any Node]) -> GraphQLError {
        GraphQLError(
            message: "Value \"\(text)\" does not exist in \"\(name)\" enum."
                + Suggestions.didYouMean(Suggestions.list(for: text, among: names), lead: "the enum value"),
            nodes: nodes)
    }

    /// A resolver's value as this type serialises it; throws where GraphQLSwift's `serialize` does.
    func serialize(_ value: Any) throws -> Map {
        switch kind {
        case .int:
            if let map = value as? Map {
                if case .number(let number) = map { return .int(number.intValue) }
                throw GraphQLError(message: "Float cannot represent non numeric value: \(map)")
            }
            if let flag = value as? Bool { return .int(flag ? 1 : 0) }
            if let text = value as? String, !text.isEmpty, let int = Int(text) { return .int(int) }
            if let double = value as? Double, Self.intRange.contains(double), double.isFinite { return .int(Int(double)) }
            if let int = value as? Int, Int(Int32.min) <= int, int <= Int(Int32.max) { return .int(int) }
            throw GraphQLError(message: "Int cannot represent non-integer value: \(value)")
        case .float:
            if let map = value as? Map {
                if case .number(let number) = map { return .double(number.doubleValue) }
                throw GraphQLError(message: "Float cannot represent non numeric value: \(map)")
            }
            if let flag = value as? Bool { return .double(flag ? 1 : 0) }
            if let text = value as? String, !text.isEmpty, let double = Double(text) { return .double(double) }
            if let double = value as? Double, double.isFinite { return .double(double) }
            if let int = value as? Int { return .double(Double(int)) }
            throw GraphQLError(message: "Float cannot represent non numeric value: \(value)")
        case .string:
            if let map = value as? Map {
                if case .string = map { return map }
                throw GraphQLError(message: "String cannot represent a non string value: \(map)")
            }
            if let text = value as? String { return .string(text) }
            if let flag = value as? Bool { return .string(flag ? "true" : "false") }
            if let int = value as? Int { return .string(int.description) }
            if let double = value as? Double, double.isFinite { return .string(double.description) }
            throw GraphQLError(message: "String cannot represent value: \(value)")
        case .boolean:
            if let map = value as? Map {
                if case .bool = map { return map }
                if case .number(let number) = map { return .bool(number.intValue != 0) }
                throw GraphQLError(message: "Boolean cannot represent a non boolean value: \(map)")
            }
            if let flag = value as? Bool { return .bool(flag) }
            if let int = value as? Int { return .bool(int != 0) }
            throw GraphQLError(message: "Boolean cannot represent a non boolean value: \(value)")
        case .id:
            if let map = value as? Map {
                if case .string = map { return map }
                if case .number(let number) = map { return .string(number.description) }
                throw GraphQLError(message: "ID cannot represent value: \(map)")
            }
            if let text = value as? String { return .string(text) }
            if let int = value as? Int { return .string(int.description) }
            throw GraphQLError(message: "ID cannot represent value: \(value)")
        case .enumeration(let names):
            let map = try map(from: value)
            guard case .string(let text) = map, names.contains(text) else {
                throw GraphQLError(message: "Enum \"\(name)\" cannot represent value: \(map).")
            }
            return map
        case .custom(let functions):
            return try functions.serialize(value)
        }
    }
}
