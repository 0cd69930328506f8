import Domain
import GraphQL

/// Writes leaf values as the type's `serialize` would give them, straight into the response:
/// the common Swift values of the built-in scalars and enums directly, anything else through
/// `serialize` and the `Map` writer. A class: each field completion refers to it, not copies it.
final class LeafWriter: @unchecked Sendable {
    /// Which direct path a type has.
    enum Kind {
        case string, int, float, boolean
        /// An enum whose values are their own names (every SDL-built enum).
        case enumeration(Set<String>)
        /// Custom scalars: always through `serialize`.
        case serialized
    }

    /// The leaf type.
    let type: LeafType
    /// Its direct path.
    let kind: Kind

    /// The writer for a leaf type.
    init(_ type: LeafType) {
        self.type = type
        switch type.kind {
        case .string, .id: kind = .string
        case .int: kind = .int
        case .float: kind = .float
        case .boolean: kind = .boolean
        case .enumeration(let names): kind = .enumeration(Set(names))
        case .custom: kind = .serialized
        }
    }

    /// Writes the common Swift value of a built-in scalar or enum directly; false for anything
    /// else, which then goes through `write`.
    func writeDirectly(_ value: Any, to output: inout JSONBytes) -> Bool {
        switch kind {
        case .string:
            guard let text = value as? String else { return false }
            output.write(text)
        case .int:
            guard let number = value as? Int, (-2_147_483_648...2_147_483_647).contains(number) else { return false }
            output.write(number)
        case .float:
            guard let number = value as? Double, number.isFinite else { return false }
            output.write(number)
        case .boolean:
            guard let flag = value as? Bool else { return false }
            output.append(flag ? "true" : "false")
        case .enumeration(let names):
            guard let name = value as? String, names.contains(name) else { return false }
            output.write(name)
        case .serialized:
            return false
        }
        return true
    }

    /// Writes a value as the type serializes it; throws what `serialize` throws.
    func write(_ value: Any, to output: inout JSONBytes) throws {
        MapWriter.write(try type.serialize(value), to: &output)
    }
}
