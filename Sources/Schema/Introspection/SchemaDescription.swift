import GraphQL

/// The whole schema as introspection answers it (`__schema`, `__type`), built once per process
/// from two SDL texts: the API's `schema.graphql` and `introspection.graphql` (built-in scalars,
/// directives and the introspection types, as graphql-js 16 words them).
///
/// It is built from the SDL rather than read off GraphQLSwift's schema objects because those
/// differ from the reference implementation: they leave `__InputValue.isDeprecated` null, sort
/// types and fields by name and word the introspection types differently. Types are listed in
/// graphql-js's order (the SDL's order, each built-in type right after the first type that uses
/// it, then the introspection types), so answers equal graphql-js's and graphql-core's.
final class SchemaDescription: @unchecked Sendable {
    let description: String?
    /// Every named type, in graphql-js's order.
    let types: [NamedTypeDescription]
    let queryType: NamedTypeDescription?
    let mutationType: NamedTypeDescription?
    let subscriptionType: NamedTypeDescription?
    let directives: [DirectiveDescription]
    private let byName: [String: NamedTypeDescription]

    /// Why the SDL cannot be described; always a programming error.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Describes the schema of `sdl`, completed by the definitions of `builtins`.
    init(sdl: String, builtins: String) throws {
        let api = try parse(source: Source(body: sdl, name: "schema.graphql")).definitions
        let builtIn = try parse(source: Source(body: builtins, name: "introspection.graphql")).definitions
        var definitions: [String: TypeDefinition] = [:]
        for case let definition as TypeDefinition in builtIn + api { definitions[Self.name(of: definition)] = definition }
        var named: [String: NamedTypeDescription] = [:]
        for (name, definition) in definitions { named[name] = Self.shell(of: definition) }

        let reference = { (type: GraphQL.`Type`) throws -> IntrospectedType in try Self.type(type, in: named) }
        for (name, definition) in definitions {
            try Self.fill(named[name]!, from: definition, reference: reference, named: named)
        }

        let schema = api.compactMap { $0 as? SchemaDefinition }.first
        func root(_ operation: OperationType, _ fallback: String) -> NamedTypeDescription? {
            let name = schema.map { $0.operationTypes.first { $0.operation == operation }?.type.name.value } ?? fallback
            return name.flatMap { named[$0] }
        }
        description = schema?.description?.value
        queryType = root(.query, "Query")
        mutationType = root(.mutation, "Mutation")
        subscriptionType = root(.subscription, "Subscription")

        // The API's directives first, then the specified ones it does not redefine (graphql-js).
        let declared = api.compactMap { $0 as? DirectiveDefinition }
        let specified = builtIn.compactMap { $0 as? DirectiveDefinition }
            .filter { builtin in !declared.contains { $0.name.value == builtin.name.value } }
        directives = try (declared + specified).map { directive in
            DirectiveDescription(
                name: directive.name.value, description: directive.description?.value,
                locations: directive.locations.map(\.value),
                arguments: try directive.arguments.map { try Self.inputValue($0, reference: reference) },
                isRepeatable: directive.repeatable)
        }

        // graphql-js's GraphQLSchema: the SDL's types in order, then the roots, the directives'
        // argument types and __Schema, each followed by what it references and is not listed yet.
        var order: [String] = []
        var seen: Set<String> = []
        func collect(_ type: NamedTypeDescription) {
            guard seen.insert(type.name).inserted else { return }
            order.append(type.name)
            visitReferences(of: type, collect)
        }
        let listed = api.compactMap { ($0 as? TypeDefinition).map(Self.name(of:)) }
        seen.formUnion(listed)
        for name in listed {
            // Taken out of the "collected" set and put back at the end with what it references.
            seen.remove(name)
            if let type = named[name] { collect(type) }
        }
        for type in [queryType, mutationType, subscriptionType].compactMap({ $0 }) { collect(type) }
        for directive in directives { for argument in directive.arguments { collect(argument.type.namedType) } }
        if let schemaType = named["__Schema"] { collect(schemaType) }
        types = order.compactMap { named[$0] }
        for interface in types where interface.kind == .interface {
            interface.possibleTypes = types.filter { $0.kind == .object && $0.interfaces.contains { $0 === interface } }
        }
        byName = Dictionary(uniqueKeysWithValues: types.map { ($0.name, $0) })
    }

    /// The named type of the schema called `name`, as `__type(name:)` finds it.
    func type(named name: String) -> NamedTypeDescription? {
        byName[name]
    }

    private static func name(of definition: TypeDefinition) -> String {
        switch definition {
        case let object as ObjectTypeDefinition: object.name.value
        case let interface as InterfaceTypeDefinition: interface.name.value
        case let union as UnionTypeDefinition: union.name.value
        case let enumeration as EnumTypeDefinition: enumeration.name.value
        case let input as InputObjectTypeDefinition: input.name.value
        case let scalar as ScalarTypeDefinition: scalar.name.value
        default: ""
        }
    }
}

/// graphql-js's `collectReferencedTypes`: interfaces, then each field's type and its arguments'
/// types; a union's members; an input object's fields' types.
private func visitReferences(of type: NamedTypeDescription, _ visit: (NamedTypeDescription) -> Void) {
    switch type.kind {
    case .object, .interface:
        type.interfaces.forEach(visit)
        for field in type.fields {
            visit(field.type.namedType)
            for argument in field.arguments { visit(argument.type.namedType) }
        }
    case .union: type.possibleTypes.forEach(visit)
    case .inputObject: for field in type.inputFields { visit(field.type.namedType) }
    case .scalar, .enumeration: break
    }
}
