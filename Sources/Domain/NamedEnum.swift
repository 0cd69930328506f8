/// An enumeration stored in SQL as its lower-case raw value and served in GraphQL under an
/// upper-case name (`free_practice` ↔ `FREE_PRACTICE`).
public protocol NamedEnum: RawRepresentable<String>, CaseIterable, Sendable, Hashable {}

extension NamedEnum {
    /// The GraphQL enum value name.
    public var name: String { rawValue.uppercased() }

    /// The case whose GraphQL name is `name`, or nil.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}
