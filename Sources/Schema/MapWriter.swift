import Domain
import GraphQL

/// Writes a GraphQLSwift `Map` as compact JSON, keeping the order of object members
/// (the order of the fields in the query).
public enum MapWriter {
    /// Appends the JSON text of a map.
    public static func write(_ map: Map, to output: inout JSONBytes) {
        switch map {
        case .undefined, .null: output.append("null")
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .number(let number):
            switch number.storageType {
            case .int: output.write(number.intValue)
            case .bool: output.append(number.boolValue ? "true" : "false")
            default: output.write(number.doubleValue)
            }
        case .string(let text): output.write(text)
        case .array(let elements):
            output.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(",") }
                write(element, to: &output)
            }
            output.append("]")
        case .dictionary(let members):
            output.append("{")
            var first = true
            for (key, value) in members {
                if !first { output.append(",") }
                first = false
                output.write(key)
                output.append(":")
                write(value, to: &output)
            }
            output.append("}")
        }
    }
}
