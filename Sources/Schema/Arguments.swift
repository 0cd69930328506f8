import Domain
import GraphQL

/// Typed access to a field's arguments or an input object. GraphQL has already checked types
/// against the schema, so a mismatch here means schema and code disagree: an internal error.
public struct Arguments: Sendable {
    private let values: [String: Map]

    /// Wraps an arguments map (or input object).
    public init(_ map: Map) {
        var values: [String: Map] = [:]
        for (key, value) in map.dictionary ?? [:] { values[key] = value }
        self.values = values
    }

    /// Whether the argument was given (as a value or as null).
    public func has(_ name: String) -> Bool {
        guard let value = values[name] else { return false }
        return !value.isUndefined
    }

    /// The raw value of an argument.
    func raw(_ name: String) -> Map? {
        values[name]
    }

    /// A string argument, nil when absent or null.
    public func string(_ name: String) -> String? {
        values[name]?.string
    }

    /// An integer argument, nil when absent or null.
    public func int(_ name: String) -> Int? {
        values[name]?.int
    }

    /// A float argument, nil when absent or null.
    public func double(_ name: String) -> Double? {
        values[name]?.double
    }

    /// A boolean argument, nil when absent or null.
    public func bool(_ name: String) -> Bool? {
        values[name]?.bool
    }

    /// A list of strings, empty when absent or null.
    public func strings(_ name: String) -> [String] {
        values[name]?.array?.compactMap(\.string) ?? []
    }

    /// An enum argument, nil when absent or null.
    public func enumeration<Value: NamedEnum>(_ name: String, as type: Value.Type = Value.self) -> Value? {
        values[name]?.string.flatMap(Value.init(name:))
    }

    /// A list of input objects, empty when absent or null.
    public func objects(_ name: String) -> [Arguments] {
        values[name]?.array?.filter { $0.dictionary != nil }.map(Arguments.init) ?? []
    }

    /// A nested input object, nil when absent or null.
    public func object(_ name: String) -> Arguments? {
        guard let value = values[name], value.dictionary != nil else { return nil }
        return Arguments(value)
    }

    /// A required string argument (non-null in the schema).
    public func requiredString(_ name: String) throws -> String {
        guard let value = string(name) else { throw SchemaMismatch(detail: "missing argument \(name)") }
        return value
    }

    /// A required enum argument (non-null in the schema).
    public func requiredEnumeration<Value: NamedEnum>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        guard let value: Value = enumeration(name) else { throw SchemaMismatch(detail: "missing or unknown enum \(name)") }
        return value
    }
}

/// The schema and the resolvers disagree: a programming error, reported as an internal error.
struct SchemaMismatch: Error, CustomStringConvertible {
    /// What disagreed.
    let detail: String

    var description: String { "schema mismatch: \(detail)" }
}

extension Arguments {
    /// A nullable field as a change: absent keeps, null clears, a value sets.
    func change<Value: Sendable & Equatable>(_ name: String, _ read: (Arguments, String) -> Value?) -> FieldChange<Value> {
        guard has(name) else { return .keep }
        return read(self, name).map(FieldChange.set) ?? .clear
    }

    /// A nullable string field as a change.
    func stringChange(_ name: String) -> FieldChange<String> { change(name) { $0.string($1) } }
    /// A nullable enum field as a change.
    func enumerationChange<Value: NamedEnum>(_ name: String, as type: Value.Type = Value.self) -> FieldChange<Value> {
        change(name) { $0.enumeration($1) }
    }
    /// A nullable integer field as a change.
    func intChange(_ name: String) -> FieldChange<Int> { change(name) { $0.int($1) } }
    /// A nullable float field as a change.
    func doubleChange(_ name: String) -> FieldChange<Double> { change(name) { $0.double($1) } }
    /// A nullable `DateTime` field as a change.
    func timestampChange(_ name: String) -> FieldChange<Timestamp> { change(name) { $0.timestamp($1) } }

    /// A list of enum values, or nil when the argument is absent (keep what is stored).
    func enumerationsIfGiven<Value: NamedEnum>(_ name: String, as type: Value.Type = Value.self) -> [Value]? {
        has(name) ? enumerations(name) : nil
    }

    /// Focus areas given as strings, as the design types them (`"accuracy"`, `"rhythm"`; the
    /// enum's upper-case names too), nil when absent; any other string is `BAD_USER_INPUT` on
    /// `field`, listing the allowed values.
    func focusAreasIfGiven(_ name: String, field: String) throws(APIError) -> [FocusArea]? {
        guard has(name) else { return nil }
        return try strings(name).map { (text) throws(APIError) -> FocusArea in
            guard let area = FocusArea(rawValue: text.lowercased()) else {
                let allowed = FocusArea.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw APIError.invalid(field, "\"\(text.prefix(40))\" is not a focus area; use any of \(allowed).")
            }
            return area
        }
    }

    /// A `JSON` scalar argument as a JSON value, nil when absent.
    func json(_ name: String) -> JSONValue? {
        guard has(name), let value = raw(name) else { return nil }
        return MapConversion.json(value)
    }
}

extension Arguments {
    /// A `DateTime` argument (already checked and normalised by the scalar), nil when absent or null.
    func timestamp(_ name: String) -> Timestamp? {
        string(name).flatMap(Timestamp.init(iso8601:))
    }

    /// A list of enum values, empty when absent or null.
    func enumerations<Value: NamedEnum>(_ name: String, as type: Value.Type = Value.self) -> [Value] {
        strings(name).compactMap(Value.init(name:))
    }

    /// The page arguments `limit`, `offset` and `after`.
    func pageRequest() -> PageRequest {
        PageRequest(limit: int("limit"), offset: int("offset"), after: string("after"))
    }

    /// SHA-256 of an argument as sent (canonical JSON), which recognises a replayed create.
    func hash(_ name: String) -> String {
        SHA256.hex(JSONWriter.string(raw(name).map(MapConversion.json) ?? .null))
    }
}
