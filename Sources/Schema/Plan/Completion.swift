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
    /// The completion of an output type.
    init(_ type: GraphQLType) {
        switch type {
        case let nonNull as GraphQLNonNull: self = .nonNull(Completion(nonNull.ofType))
        case let list as GraphQLList: self = .list(Completion(list.ofType))
        case let leaf as GraphQLLeafType: self = .leaf(LeafWriter(leaf))
        case let object as GraphQLObjectType: self = .object(object.name)
        default: self = .unexpected("\(type)")
        }
    }
}
