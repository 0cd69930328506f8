import Domain
import GraphQL

extension InputCoercion {
    /// What is wrong with a variable's value, worded as graphql-js words it, with where in the
    /// value it is (`f.instrument`, `ids[2]`).
    struct Problem: Equatable {
        /// The variable's name, then object keys and `[index]` steps into its value.
        let path: String
        /// The whole message.
        let message: String
    }

    /// The first problem of a variable's raw input for its declared type, or nil when the
    /// library accepts it. Checked before execution, so each executor sees valid variables only.
    static func problem(_ definition: VariableDefinition, type: InputType, input: Map) -> Problem? {
        let name = definition.variable.name.value
        let typeName = print(ast: definition.type)
        if input == .undefined {
            guard definition.defaultValue == nil, case .nonNull = type else { return nil }
            return Problem(path: name, message: "Variable \"$\(name)\" of required type \"\(typeName)\" was not provided.")
        }
        if input == .null, case .nonNull = type {
            return Problem(path: name, message: "Variable \"$\(name)\" of non-null type \"\(typeName)\" must not be null.")
        }
        var path: [String] = []
        guard let reason = problem(input, for: type, path: &path) else { return nil }
        let at = path.isEmpty ? "" : " at \"\(name)\(path.joined())\""
        guard let value = reason.value else {
            return Problem(path: name + path.joined(), message: "Variable \"$\(name)\"\(at): \(reason.message)")
        }
        return Problem(
            path: name + path.joined(),
            message: "Variable \"$\(name)\" got invalid value \(inspect(value))\(at); \(reason.message)")
    }

    /// The offending value (nil when it is not to be echoed) and graphql-js's reason, with
    /// `path` left at where it is.
    private static func problem(_ value: Map, for type: InputType, path: inout [String]) -> (value: Map?, message: String)? {
        if case .nonNull(let inner) = type {
            if value == .null || value == .undefined {
                return (value, "Expected non-nullable type \"\(inner)!\" not to be null.")
            }
            return problem(value, for: inner, path: &path)
        }
        if value == .null || value == .undefined { return nil }
        switch type {
        case .nonNull: return (value, "Unknown type.")
        case .list(let item):
            guard case .array(let values) = value else { return problem(value, for: item, path: &path) }
            for (index, element) in values.enumerated() {
                path.append("[\(index)]")
                if let found = problem(element, for: item, path: &path) { return found }
                path.removeLast()
            }
            return nil
        case .object(let object):
            guard case .dictionary(let members) = value, let fields = object.fields else {
                return (value, "Expected type \"\(object.name)\" to be an object.")
            }
            for field in fields where members[field.name] == nil || members[field.name] == .undefined {
                if case .nonNull = field.type, field.defaultValue == nil {
                    return (value, "Field \"\(field.name)\" of required type \"\(field.type)\" was not provided.")
                }
            }
            for (name, member) in members {
                guard let field = fields.first(where: { $0.name == name }) else {
                    return (value, "Field \"\(name)\" is not defined by type \"\(object.name)\".")
                }
                path.append(".\(name)")
                if let found = problem(member, for: field.type, path: &path) { return found }
                path.removeLast()
            }
            return nil
        case .leaf(let leaf):
            if case .string(let text) = value, NULCharacters.occur(in: text) { return (nil, NULCharacters.message) }
            do {
                let parsed = try leaf.parseValue(value)
                if parsed != .null, parsed != .undefined { return nil }
            } catch let error as GraphQLError {
                return (value, error.message)
            } catch {}
            return (value, "Expected type \"\(leaf.name)\".")
        }
    }

    /// A value as graphql-js's `inspect` shows it in messages: JSON, with object keys bare.
    static func inspect(_ value: Map) -> String {
        switch value {
        case .undefined: return "undefined"
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.description
        case .string(let text): return JSONWriter.string(.string(text))
        case .array(let items): return "[" + items.map(inspect).joined(separator: ", ") + "]"
        case .dictionary(let members):
            guard !members.isEmpty else { return "{}" }
            return "{ " + members.map { "\($0.key): \(inspect($0.value))" }.joined(separator: ", ") + " }"
        }
    }
}
