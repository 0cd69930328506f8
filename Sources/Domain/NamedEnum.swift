/// An enumeration stored in SQL as its lower-case raw value and served in GraphQL under an
/// upper-case name (`free_practice` ↔ `FREE_PRACTICE`). Both mappings are requirements, so an
/// enum with a different GraphQL name (see `SessionType`) is honoured in generic code too.
public protocol NamedEnum: RawRepresentable<String>, CaseIterable, Sendable, Hashable, Codable {
    /// The GraphQL enum value name.
    var name: String { get }
    /// The case whose GraphQL name is `name`, or nil.
    init?(name: String)
}

extension NamedEnum {
    /// The raw value upper-cased.
    public var name: String { rawValue.uppercased() }

    /// The case whose raw value is `name` lower-cased.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}
