import Domain
import GraphQL
import OrderedCollections

/// Conversions between the API's `JSONValue` and GraphQLSwift's `Map`.
public enum MapConversion {
    /// A JSON value as a map.
    public static func map(_ value: JSONValue) -> Map {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number):
            return Int(exactly: number).map { .number(Number($0)) } ?? .number(Number(Double(number)))
        case .double(let number): return .number(Number(number))
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(map))
        case .object(let members):
            var dictionary: OrderedDictionary<String, Map> = [:]
            for key in members.keys.sorted() { dictionary[key] = map(members[key] ?? .null) }
            return .dictionary(dictionary)
        }
    }

    /// A map as a JSON value; `undefined` becomes null.
    public static func json(_ map: Map) -> JSONValue {
        switch map {
        case .undefined, .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            switch number.storageType {
            case .int, .bool: return .integer(number.int64Value)
            default: return .double(number.doubleValue)
            }
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(json))
        case .dictionary(let members):
            var object: [String: JSONValue] = [:]
            for (key, value) in members { object[key] = json(value) }
            return .object(object)
        }
    }

    /// A literal written in a query as a map, for the `JSON` scalar.
    static func map(literal: Value) throws -> Map {
        switch literal {
        case let value as IntValue:
            guard let number = Int(value.value) else { throw GraphQLError(message: "JSON integer out of range.", nodes: [literal]) }
            return .number(Number(number))
        case let value as FloatValue:
            guard let number = Double(value.value) else { throw GraphQLError(message: "Invalid JSON number.", nodes: [literal]) }
            return .number(Number(number))
        case let value as StringValue: return .string(value.value)
        case let value as BooleanValue: return .bool(value.value)
        case is NullValue: return .null
        case let value as EnumValue: return .string(value.value)
        case let value as ListValue: return .array(try value.values.map(map(literal:)))
        case let value as ObjectValue:
            var dictionary: OrderedDictionary<String, Map> = [:]
            for field in value.fields { dictionary[field.name.value] = try map(literal: field.value) }
            return .dictionary(dictionary)
        default:
            throw GraphQLError(message: "JSON literals cannot contain variables.", nodes: [literal])
        }
    }
}
