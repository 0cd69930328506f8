import GraphQL

/// The resolvers of the schema, by type and field, attached to the SDL-built types at start-up.
struct ResolverTable {
    /// Resolvers by type name, then field name.
    var resolvers: [String: [String: FieldResolver]] = [:]

    /// Root fields that work with rejected credentials: a client refreshing or signing in again
    /// often still sends its expired access token.
    static let signInFields: Set<String> = ["requestMagicLink", "verifyMagicLink", "refreshToken"]

    /// A root field (`Query`, `Mutation`, `Subscription`). Rejected credentials fail every root
    /// field but the sign-in ones, public ones included: a bad token is never silently anonymous.
    mutating func root(
        _ type: String, _ field: String,
        _ resolve: @escaping @Sendable (Arguments, RequestContext) async throws -> (any Sendable)?
    ) {
        let checksCredentials = !Self.signInFields.contains(field)
        resolvers[type, default: [:]][field] = .request { _, arguments, context in
            if checksCredentials, case .rejected(let error) = context.viewer { throw error }
            return try await resolve(arguments, context)
        }
    }

    /// A field of an object type whose values are `Parent`, reading only the parent.
    mutating func field<Parent>(
        _ type: String, _ field: String, of parentType: Parent.Type,
        _ resolve: @escaping @Sendable (Parent) throws -> (any Sendable)?
    ) {
        resolvers[type, default: [:]][field] = .parent { source in
            guard let parent = source as? Parent else {
                throw SchemaMismatch(detail: "\(type).\(field) got a \(Swift.type(of: source))")
            }
            return try resolve(parent)
        }
    }

    /// A field of an object type that needs the request context or arguments.
    mutating func field<Parent>(
        _ type: String, _ field: String, of parentType: Parent.Type,
        _ resolve: @escaping @Sendable (Parent, Arguments, RequestContext) async throws -> (any Sendable)?
    ) {
        resolvers[type, default: [:]][field] = .request { source, arguments, context in
            guard let parent = source as? Parent else {
                throw SchemaMismatch(detail: "\(type).\(field) got a \(Swift.type(of: source))")
            }
            return try await resolve(parent, arguments, context)
        }
    }
}
