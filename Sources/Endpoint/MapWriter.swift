import Domain
import GraphQL

/// Writes a GraphQLSwift `Map` as compact JSON, keeping the order of object members
/// (the order of the fields in the query).
enum MapWriter {
    /// Appends the JSON text of a map.
    static func write(_ map: Map, to output: inout String) {
        switch map {
        case .undefined, .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number):
            switch number.storageType {
            case .int: output += String(number.intValue)
            case .bool: output += number.boolValue ? "true" : "false"
            default: JSONWriter.writeNumber(number.doubleValue, to: &output)
            }
        case .string(let text): JSONWriter.writeString(text, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                write(element, to: &output)
            }
            output += "]"
        case .dictionary(let members):
            output += "{"
            var first = true
            for (key, value) in members {
                if !first { output += "," }
                first = false
                JSONWriter.writeString(key, to: &output)
                output += ":"
                write(value, to: &output)
            }
            output += "}"
        }
    }
}
