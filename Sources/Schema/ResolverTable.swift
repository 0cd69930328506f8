import GraphQL

/// The resolvers of the schema, by type and field, attached to the SDL-built types at start-up.
struct ResolverTable {
    /// Resolvers by type name, then field name.
    var resolvers: [String: [String: FieldResolver]] = [:]
    /// For each object type whose fields all read one Swift type: how the plan executor boxes a
    /// parent once per object, so that its fields read it without copying it out of `Any`.
    private(set) var boxing: [String: ParentBoxing] = [:]
    /// Object types whose fields read different Swift types: never boxed.
    private var mixedParents: Set<String> = []

    /// Root fields that work with rejected credentials: a client refreshing or signing in again
    /// often still sends its expired access token.
    static let signInFields: Set<String> = ["requestMagicLink", "verifyMagicLink", "refreshToken"]

    /// A root field (`Query`, `Mutation`, `Subscription`). Rejected credentials fail every root
    /// field but the sign-in ones, public ones included: a bad token is never silently anonymous.
    mutating func root(
        _ type: String, _ field: String,
        _ resolve: @escaping @Sendable (Arguments, RequestContext) throws -> (any Sendable)?
    ) {
        let checksCredentials = !Self.signInFields.contains(field)
        resolvers[type, default: [:]][field] = .request { _, arguments, context in
            if checksCredentials, case .rejected(let error) = context.viewer { throw error }
            return try resolve(arguments, context)
        }
    }

    /// A field of an object type whose values are `Parent`, reading only the parent.
    mutating func field<Parent>(
        _ type: String, _ field: String, of parentType: Parent.Type,
        _ resolve: @escaping @Sendable (Parent) throws -> (any Sendable)?
    ) {
        registerParent(type, parentType)
        resolvers[type, default: [:]][field] = .parent { source in
            if let box = source as? ParentBox<Parent> { return try resolve(box.value) }
            guard let parent = source as? Parent else {
                throw SchemaMismatch(detail: "\(type).\(field) got a \(Swift.type(of: source))")
            }
            return try resolve(parent)
        }
    }

    /// A field of an object type that needs the request context or arguments.
    mutating func field<Parent>(
        _ type: String, _ field: String, of parentType: Parent.Type,
        _ resolve: @escaping @Sendable (Parent, Arguments, RequestContext) throws -> (any Sendable)?
    ) {
        registerParent(type, parentType)
        resolvers[type, default: [:]][field] = .request { source, arguments, context in
            if let box = source as? ParentBox<Parent> { return try resolve(box.value, arguments, context) }
            guard let parent = source as? Parent else {
                throw SchemaMismatch(detail: "\(type).\(field) got a \(Swift.type(of: source))")
            }
            return try resolve(parent, arguments, context)
        }
    }

    /// A field whose value is its parent (another view of the same Swift value, such as a
    /// piece's `metadata`): answers the parent as it came, boxed or not, without copying it.
    mutating func sameParent<Parent: Sendable>(_ type: String, _ field: String, of parentType: Parent.Type) {
        registerParent(type, parentType)
        resolvers[type, default: [:]][field] = .parent { source in
            if let box = source as? ParentBox<Parent> { return box }
            guard let parent = source as? Parent else {
                throw SchemaMismatch(detail: "\(type).\(field) got a \(Swift.type(of: source))")
            }
            return parent
        }
    }

    private mutating func registerParent<Parent>(_ type: String, _ parentType: Parent.Type) {
        guard !mixedParents.contains(type) else { return }
        if let known = boxing[type] {
            guard known.parent != ObjectIdentifier(parentType) else { return }
            boxing[type] = nil
            mixedParents.insert(type)
            return
        }
        boxing[type] = ParentBoxing.of(parentType)
    }
}
