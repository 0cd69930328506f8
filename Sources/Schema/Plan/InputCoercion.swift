import GraphQL
import OrderedCollections

/// Input values as GraphQLSwift 4.3.0's executor computes them (argument literals, variables,
/// defaults), so that both executors hand resolvers identical `Map`s: the plan executor is
/// checked against the library's one by the differential test. Where the library would report
/// an error, these answer nil and the request goes to the library executor, which reports it.
enum InputCoercion {
    /// A literal (or variable reference) for an input type; nil where the library would throw.
    static func value(of literal: Value, type: InputType, variables: [String: Map]) -> Map? {
        if case .nonNull(let inner) = type {
            guard !(literal is NullValue) else { return nil }
            return value(of: literal, type: inner, variables: variables)
        }
        if literal is NullValue { return .null }
        if let variable = literal as? Variable { return variables[variable.name.value] ?? .undefined }
        switch type {
        case .nonNull: return nil
        case .list(let item):
            guard let values = literal as? ListValue else {
                return value(of: literal, type: item, variables: variables).map { .array([$0]) }
            }
            var items: [Map] = []
            for element in values.values {
                guard let coerced = value(of: element, type: item, variables: variables) else { return nil }
                items.append(coerced)
            }
            return .array(items)
        case .object(let object):
            guard !object.isOneOf, let literal = literal as? ObjectValue, let fields = object.fields else { return nil }
            let given = Dictionary(literal.fields.map { ($0.name.value, $0.value) }, uniquingKeysWith: { first, _ in first })
            var members = OrderedDictionary<String, Map>()
            for field in fields {
                if let fieldLiteral = given[field.name] {
                    guard let coerced = value(of: fieldLiteral, type: field.type, variables: variables) else { return nil }
                    members[field.name] = coerced
                } else {
                    members[field.name] = field.defaultValue ?? .undefined
                }
            }
            return .dictionary(members)
        case .leaf(let leaf):
            return (try? leaf.parseLiteral(literal)) ?? .null
        }
    }

    /// A variable's value from the request's raw input; nil where the library reports an error.
    static func variable(_ definition: VariableDefinition, type: InputType, input: Map) -> Map? {
        var raw = input
        if raw == .undefined, let literal = definition.defaultValue {
            guard let coerced = value(of: literal, type: type, variables: [:]) else { return nil }
            raw = coerced
        }
        guard isValid(raw, for: type) else { return nil }
        return coerce(raw, to: type)
    }

    /// Whether the library's value check accepts a value for a type.
    static func isValid(_ value: Map, for type: InputType) -> Bool {
        if case .nonNull(let inner) = type {
            guard value != .null, value != .undefined else { return false }
            return isValid(value, for: inner)
        }
        if value == .null || value == .undefined { return true }
        switch type {
        case .nonNull: return false
        case .list(let item):
            if case .array(let values) = value { return values.allSatisfy { isValid($0, for: item) } }
            return isValid(value, for: item)
        case .object(let object):
            guard !object.isOneOf, case .dictionary(let members) = value, let fields = object.fields else { return false }
            guard members.keys.allSatisfy({ key in fields.contains { $0.name == key } }) else { return false }
            return fields.allSatisfy { field in isValid(members[field.name] ?? .undefined, for: field.type) }
        case .leaf(let leaf):
            guard let parsed = try? leaf.parseValue(value) else { return false }
            return parsed != .null && parsed != .undefined
        }
    }

    /// A checked value coerced to its type, as the library's variable coercion does.
    static func coerce(_ value: Map, to type: InputType) -> Map? {
        if case .nonNull(let inner) = type { return coerce(value, to: inner) }
        if value == .undefined || value == .null { return value }
        switch type {
        case .nonNull: return nil
        case .list(let item):
            guard case .array(let values) = value else { return coerce(value, to: item).map { .array([$0]) } }
            var items: [Map] = []
            for element in values {
                guard let coerced = coerce(element, to: item) else { return nil }
                items.append(coerced)
            }
            return .array(items)
        case .object(let object):
            guard case .dictionary(let given) = value, let fields = object.fields else { return nil }
            var members = OrderedDictionary<String, Map>()
            for field in fields {
                if let member = given[field.name], member != .undefined {
                    guard let coerced = coerce(member, to: field.type) else { return nil }
                    members[field.name] = coerced
                } else {
                    members[field.name] = field.defaultValue ?? .undefined
                }
            }
            return .dictionary(members)
        case .leaf(let leaf):
            return try? leaf.parseValue(value)
        }
    }
}
