/// A parent value in a class box: casting `Any` to it checks one pointer and copies nothing,
/// where casting to a struct copies the whole struct for every field read.
final class ParentBox<Parent>: @unchecked Sendable {
    /// The parent.
    let value: Parent

    /// Boxes a parent.
    init(_ value: Parent) {
        self.value = value
    }
}

/// How the parent values of one object type are boxed by the plan executor.
struct ParentBoxing: Sendable {
    /// The Swift type the fields read.
    let parent: ObjectIdentifier
    /// A parent value boxed (a box as it is); nil for anything else.
    let box: @Sendable (Any) -> Any?
    /// Boxes every item of a list of parents with one cast of the whole array, instead of
    /// converting it to `[Any?]` and copying each item out again; nil for other values.
    let boxList: @Sendable (Any) -> [Any?]?

    /// The boxing of parents of type `Parent`.
    static func of<Parent>(_ parentType: Parent.Type) -> ParentBoxing {
        ParentBoxing(
            parent: ObjectIdentifier(parentType),
            box: { source in
                // The type compared, not `is`: a failed cast looks for a Foundation bridge first
                // (`exactCast`), for every source that is not boxed yet.
                if type(of: source) == ParentBox<Parent>.self { return source }
                return (source as? Parent).map { ParentBox($0) }
            },
            boxList: { value in
                (value as? [Parent]).map { items in items.map { ParentBox($0) } }
            })
    }
}
