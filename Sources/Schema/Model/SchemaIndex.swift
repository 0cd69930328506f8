import GraphQL

/// The generated table's types and directives by name, made once per process: what validation
/// asks of the schema, with no GraphQLSwift schema objects behind it.
struct SchemaIndex: Sendable {
    let table: SchemaTable
    /// Positions in the table by name: copying every type into a dictionary was a quarter of
    /// what making the index cost each process.
    private let typePositions: [String: Int]
    private let directivePositions: [String: Int]
    /// Each abstract type's possible object types: an interface's implementers, a union's members.
    private let possibleTypes: [String: Set<String>]

    init(_ table: SchemaTable) {
        self.table = table
        typePositions = Self.positions(of: table.types.map { $0.name })
        directivePositions = Self.positions(of: table.directives.map { $0.name })
        var possible: [String: Set<String>] = [:]
        for type in table.types {
            if type.kind == .union { possible[type.name, default: []].formUnion(type.members) }
            if type.kind == .object { for interface in type.interfaces { possible[interface, default: []].insert(type.name) } }
        }
        possibleTypes = possible
    }

    /// Each name's first position.
    private static func positions(of names: [String]) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(names.count)
        for (position, name) in names.enumerated() where positions[name] == nil {
            positions[name] = position
        }
        return positions
    }

    private func types(_ name: String) -> SchemaTable.NamedType? {
        typePositions[name].map { table.types[$0] }
    }

    /// Every type name, for suggestions.
    var typeNames: [String] { table.types.map(\.name) }

    func type(named name: String) -> SchemaTable.NamedType? {
        types(name)
    }

    func directive(named name: String) -> SchemaTable.Directive? {
        directivePositions[name].map { table.directives[$0] }
    }

    /// The named type inside a reference's wrappers.
    func namedType(_ reference: SchemaTable.TypeReference) -> SchemaTable.NamedType? {
        types(reference.name)
    }

    /// The root object type an operation runs on.
    func rootType(of operation: OperationType) -> SchemaTable.NamedType? {
        let name = switch operation {
        case .query: table.queryType
        case .mutation: table.mutationType
        case .subscription: table.subscriptionType
        }
        return name.flatMap(types)
    }

    /// The field a selection names on a type, the meta fields included as GraphQLSwift's
    /// `getFieldDef` finds them (`__schema` and `__type` on the query type only).
    func field(named name: String, on parent: SchemaTable.NamedType) -> SchemaTable.Field? {
        switch name {
        case "__typename" where parent.kind.isComposite: return Self.typenameField
        case "__schema" where parent.name == table.queryType: return Self.schemaField
        case "__type" where parent.name == table.queryType: return Self.typeField
        default: return declaredField(named: name, on: parent)
        }
    }

    /// A field an object or interface type declares (no meta field).
    func declaredField(named name: String, on parent: SchemaTable.NamedType?) -> SchemaTable.Field? {
        parent?.fields.first { $0.name == name }
    }

    /// The type a written type (a variable's) names, wrappers included; nil when a name is unknown.
    func reference(_ type: GraphQL.`Type`) -> SchemaTable.TypeReference? {
        switch type {
        case let named as NamedType: typePositions[named.name.value] == nil ? nil : .named(named.name.value)
        case let list as ListType: reference(list.type).map { .list($0) }
        case let nonNull as NonNullType: reference(nonNull.type).map { .nonNull($0) }
        default: nil
        }
    }

    /// Whether an object of one type can also be of the other (graphql-js's `doTypesOverlap`).
    func overlap(_ first: SchemaTable.NamedType, _ second: SchemaTable.NamedType) -> Bool {
        if first.name == second.name { return true }
        let possible1 = possibleTypes[first.name], possible2 = possibleTypes[second.name]
        switch (first.kind.isAbstract, second.kind.isAbstract) {
        case (true, true): return !(possible1 ?? []).isDisjoint(with: possible2 ?? [])
        case (true, false): return possible1?.contains(second.name) ?? false
        case (false, true): return possible2?.contains(first.name) ?? false
        case (false, false): return false
        }
    }

    /// Whether a value of `sub` may stand where `type` is expected (graphql-js's `isTypeSubTypeOf`).
    func isSubtype(_ sub: SchemaTable.TypeReference, of type: SchemaTable.TypeReference) -> Bool {
        if sub == type { return true }
        switch (sub, type) {
        case (.nonNull(let inner), .nonNull(let expected)): return isSubtype(inner, of: expected)
        case (_, .nonNull): return false
        case (.nonNull(let inner), _): return isSubtype(inner, of: type)
        case (.list(let inner), .list(let expected)): return isSubtype(inner, of: expected)
        case (_, .list), (.list, _): return false
        case (.named(let name), .named(let expected)):
            guard let expectedType = types(expected), expectedType.kind.isAbstract else { return false }
            return possibleTypes[expected]?.contains(name) ?? false
        }
    }

    private static let typenameField = SchemaTable.Field(
        name: "__typename", description: "The name of the current Object type at runtime.", arguments: [],
        type: .nonNull(.named("String")), deprecationReason: nil, directives: [])
    private static let schemaField = SchemaTable.Field(
        name: "__schema", description: "Access the current type schema of this server.", arguments: [],
        type: .nonNull(.named("__Schema")), deprecationReason: nil, directives: [])
    private static let typeField = SchemaTable.Field(
        name: "__type", description: "Request the type information of a single type.",
        arguments: [SchemaTable.InputValue(name: "name", description: nil, type: .nonNull(.named("String")), defaultValue: nil, deprecationReason: nil)],
        type: .named("__Type"), deprecationReason: nil, directives: [])
}

extension SchemaTable.TypeReference: CustomStringConvertible {
    /// The type as GraphQL writes it: `[Piece!]!`.
    var description: String {
        switch self {
        case .named(let name): name
        case .list(let inner): "[\(inner)]"
        case .nonNull(let inner): "\(inner)!"
        }
    }

    /// The named type's name inside the wrappers.
    var name: String {
        switch self {
        case .named(let name): name
        case .list(let inner), .nonNull(let inner): inner.name
        }
    }

    /// The type without its outer non-null wrapper.
    var nullable: SchemaTable.TypeReference {
        if case .nonNull(let inner) = self { inner } else { self }
    }

    var isNonNull: Bool {
        if case .nonNull = self { true } else { false }
    }
}

extension TypeKind {
    /// Objects, interfaces and unions: what a selection set selects on.
    var isComposite: Bool { self == .object || self == .interface || self == .union }
    var isAbstract: Bool { self == .interface || self == .union }
    var isLeaf: Bool { self == .scalar || self == .enumeration }
    /// What a variable or argument may have as its type.
    var isInput: Bool { self == .scalar || self == .enumeration || self == .inputObject }
}

extension SchemaTable.InputValue {
    /// A non-null argument or input field without a default must be given.
    var isRequired: Bool { type.isNonNull && defaultValue == nil }
}
