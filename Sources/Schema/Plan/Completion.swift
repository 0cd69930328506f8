import GraphQL

/// How a field's value is completed, decided once per process from its type: the chain of
/// non-null and list wrappers down to a leaf or an object type.
indirect enum Completion: @unchecked Sendable {
    /// A non-null wrapper: a null inside is an error that propagates.
    case nonNull(Completion)
    /// A list of the inner completion.
    case list(Completion)
    /// A scalar or enum value.
    case leaf(LeafWriter)
    /// An object type, by name (types refer to each other, so not by value).
    case object(String)
    /// A type the plan executor cannot complete (named for the error message).
    case unexpected(String)

    /// The object type the completion ends in, inside its wrappers; nil for leaves.
    var objectName: String? {
        switch self {
        case .nonNull(let inner), .list(let inner): inner.objectName
        case .object(let name): name
        case .leaf, .unexpected: nil
        }
    }

    /// Whether nulls stop here (false) or propagate (true).
    var isNonNull: Bool {
        if case .nonNull = self { return true }
        return false
    }
}

extension Completion {
    /// Completions of the table's field types, one leaf writer per leaf type (`PlanTypes`
    /// keeps them).
    struct Maker: Sendable {
        let index: SchemaIndex
        let types: PlanTypes

        /// The completion of an output type; `.unexpected` for a type the executor cannot complete.
        func completion(of type: SchemaTable.TypeReference) -> Completion {
            switch type {
            case .nonNull(let inner): return .nonNull(completion(of: inner))
            case .list(let inner): return .list(completion(of: inner))
            case .named(let name):
                switch index.type(named: name)?.kind {
                case .object: return .object(name)
                case .scalar, .enumeration: return types.leafWriter(name).map { .leaf($0) } ?? .unexpected(name)
                default: return .unexpected(name)
                }
            }
        }
    }
}
