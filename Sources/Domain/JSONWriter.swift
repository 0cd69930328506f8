/// Writes JSON text: compact, object members sorted by name, so equal values give equal text.
public enum JSONWriter {
    /// The compact JSON text of a value.
    public static func string(_ value: JSONValue) -> String {
        var output = JSONBytes(capacity: 256)
        write(value, to: &output)
        return output.text
    }

    /// Appends the JSON text of a value.
    public static func write(_ value: JSONValue, to output: inout String) {
        output += string(value)
    }

    /// Appends the JSON text of a value to a byte buffer: every value is written here, so no
    /// string is made per member (log lines and error answers are written once per request).
    public static func write(_ value: JSONValue, to output: inout JSONBytes) {
        switch value {
        case .null: output.append("null")
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .integer(let number): output.write(Int(number))
        case .double(let number): output.write(number)
        case .string(let text): output.write(text)
        case .array(let elements):
            output.append("[")
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(",") }
                write(element, to: &output)
            }
            output.append("]")
        case .object(let members):
            output.append("{")
            for (offset, key) in members.keys.sorted().enumerated() {
                if offset > 0 { output.append(",") }
                output.write(key)
                output.append(":")
                write(members[key] ?? .null, to: &output)
            }
            output.append("}")
        }
    }

    /// Appends a quoted, escaped string.
    public static func writeString(_ text: String, to output: inout String) {
        var bytes = JSONBytes(capacity: text.utf8.count + 2)
        bytes.write(text)
        output += bytes.text
    }
}
