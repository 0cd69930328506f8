import GraphQL

/// The resolvers of the schema, by type and field.
struct ResolverTable {
    /// One registered resolver.
    struct Entry {
        let type: String
        let field: String
        let resolver: FieldResolver
        /// The Swift type the resolver reads its parent as; nil for one that reads no parent of
        /// its own (root fields, introspection's entry points).
        let parent: ParentReading?
    }

    /// The Swift type a field reads its parent as, and how the plan executor would box it.
    struct ParentReading {
        let type: ObjectIdentifier
        let boxing: () -> ParentBoxing

        static func of<Parent>(_ parentType: Parent.Type) -> ParentReading {
            ParentReading(type: ObjectIdentifier(parentType)) { ParentBoxing.of(parentType) }
        }
    }

    /// Every resolver in the order registered; a later one for a field replaces an earlier.
    /// A list, sorted out per type when the executor first reaches the type: hashing all 475
    /// names into nested dictionaries at start was 0.7 M instructions of a process that answers
    /// one request, which reaches five types.
    private var entries: [Entry] = []
    /// Runs of consecutive entries for one type (a type's fields are mostly registered
    /// together), so that a lookup compares a hundred type names rather than every entry's.
    private var runs: [(type: String, entries: Range<Int>)] = []
    /// Where root fields' arguments are, for errors that name a domain field (`locatingArguments`).
    var argumentPaths: ArgumentPaths?

    /// Registers `resolver` for `type.field`, replacing any earlier one.
    mutating func set(_ type: String, _ field: String, _ resolver: FieldResolver, parent: ParentReading? = nil) {
        entries.append(Entry(type: type, field: field, resolver: resolver, parent: parent))
        if let last = runs.last, last.type == type {
            runs[runs.count - 1].entries = last.entries.lowerBound..<entries.count
        } else {
            runs.append((type, entries.count - 1..<entries.count))
        }
    }

    /// The resolvers of one type's fields, by field name (wrapped by `locatingArguments` for
    /// the query and mutation roots).
    func resolvers(of type: String) -> [String: FieldResolver] {
        var resolvers: [String: FieldResolver] = [:]
        for run in runs where run.type == type {
            for entry in entries[run.entries] { resolvers[entry.field] = entry.resolver }
        }
        if let argumentPaths, type == "Query" || type == "Mutation" {
            for (name, resolver) in resolvers {
                resolvers[name] = Self.locating(resolver, field: name, with: argumentPaths)
            }
        }
        return resolvers
    }

    /// Every resolver, by type name, then field name.
    var resolvers: [String: [String: FieldResolver]] {
        var all: [String: [String: FieldResolver]] = [:]
        for run in runs where all[run.type] == nil {
            all[run.type] = resolvers(of: run.type)
        }
        return all
    }

    /// How the plan executor boxes the parents of `type`: when every field of the type reads
    /// one Swift type, once per object, so that its fields read it without copying it out of
    /// `Any`; nil for a type whose fields read different Swift types.
    func boxing(of type: String) -> ParentBoxing? {
        var first: ParentReading?
        for run in runs where run.type == type {
            for entry in entries[run.entries] {
                guard let parent = entry.parent else { continue }
                if let first, first.type != parent.type { return nil }
                first = first ?? parent
            }
        }
        return first?.boxing()
    }

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
        set(type, field, .request { _, arguments, context in
            if checksCredentials, case .rejected(let error) = context.viewer { throw error }
            return try resolve(arguments, context)
        })
    }

    /// A field of an object type whose values are `Parent`, reading only the parent.
    mutating func field<Parent>(
        _ type: String, _ field: String, of parentType: Parent.Type,
        _ resolve: @escaping @Sendable (Parent) throws -> (any Sendable)?
    ) {
        set(type, field, .parent { source in
            if let box = source as? ParentBox<Parent> { return try resolve(box.value) }
            guard let parent = source as? Parent else {
                throw SchemaMismatch(detail: "\(type).\(field) got a \(Swift.type(of: source))")
            }
            return try resolve(parent)
        }, parent: .of(parentType))
    }

    /// A field of an object type that needs the request context or arguments.
    mutating func field<Parent>(
        _ type: String, _ field: String, of parentType: Parent.Type,
        _ resolve: @escaping @Sendable (Parent, Arguments, RequestContext) throws -> (any Sendable)?
    ) {
        set(type, field, .request { source, arguments, context in
            if let box = source as? ParentBox<Parent> { return try resolve(box.value, arguments, context) }
            guard let parent = source as? Parent else {
                throw SchemaMismatch(detail: "\(type).\(field) got a \(Swift.type(of: source))")
            }
            return try resolve(parent, arguments, context)
        }, parent: .of(parentType))
    }

    /// A field whose value is its parent (another view of the same Swift value, such as a
    /// piece's `metadata`): answers the parent as it came, boxed or not, without copying it.
    mutating func sameParent<Parent: Sendable>(_ type: String, _ field: String, of parentType: Parent.Type) {
        set(type, field, .parent { source in
            if let box = source as? ParentBox<Parent> { return box }
            guard let parent = source as? Parent else {
                throw SchemaMismatch(detail: "\(type).\(field) got a \(Swift.type(of: source))")
            }
            return parent
        }, parent: .of(parentType))
    }
}
