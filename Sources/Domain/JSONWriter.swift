/// Writes JSON text: compact, object members sorted by name, so equal values give equal text.
public enum JSONWriter {
    /// The compact JSON text of a value.
    public static func string(_ value: JSONValue) -> String {
        var output = ""
        write(value, to: &output)
        return output
    }

    /// Appends the JSON text of a value.
    public static func write(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number): output += String(number)
        case .double(let number): writeNumber(number, to: &output)
        case .string(let text): writeString(text, to: &output)
        case .array(let elements):
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += "," }
                write(element, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (offset, key) in members.keys.sorted().enumerated() {
                if offset > 0 { output += "," }
                writeString(key, to: &output)
                output += ":"
                write(members[key] ?? .null, to: &output)
            }
            output += "}"
        }
    }

    /// Appends a double; JSON has no infinities or NaN, so those are written as null.
    private static func writeNumber(_ number: Double, to output: inout String) {
        var bytes = JSONBytes()
        bytes.write(number)
        output += bytes.text
    }

    /// Appends a quoted, escaped string.
    public static func writeString(_ text: String, to output: inout String) {
        var bytes = JSONBytes(capacity: text.utf8.count + 2)
        bytes.write(text)
        output += bytes.text
    }
}
