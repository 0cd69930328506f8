import Domain

/// A value bound to a statement parameter or read from a column.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue {
    /// Text, or NULL for nil.
    public static func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    /// An integer, or NULL for nil.
    public static func integer(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
    /// A real, or NULL for nil.
    public static func real(_ value: Double?) -> SQLValue { value.map(SQLValue.real) ?? .null }
    /// A boolean as 0 or 1.
    public static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }

    /// Texts as the JSON array that `IN (SELECT value FROM json_each(?))` reads: one parameter
    /// for a list of any length, on both engines. Repeats are sent once.
    static func list<Texts: Sequence<String>>(_ texts: Texts) -> SQLValue {
        .text(JSONWriter.string(.array(Set(texts).map(JSONValue.string))))
    }
}
