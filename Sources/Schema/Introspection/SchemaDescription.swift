/// The whole schema as introspection answers it (`__schema`, `__type`), built once per process
/// from the schema table (`SchemaTable.generated`) of two SDL texts: the API's `schema.graphql`
/// and `introspection.graphql` (built-in scalars, directives and the introspection types, as
/// graphql-js 16 words them).
///
/// It is built from the SDL's table rather than read off GraphQLSwift's schema objects because those
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

    /// Describes the schema of a table.
    init(table: SchemaTable) throws {
        var named: [String: NamedTypeDescription] = [:]
        for type in table.types {
            named[type.name] = NamedTypeDescription(
                kind: type.kind, name: type.name, description: type.description, specifiedByURL: type.specifiedByURL, isOneOf: type.isOneOf)
        }
        func lookUp(_ name: String) throws -> NamedTypeDescription {
            guard let type = named[name] else { throw Failure(description: "unknown type \(name)") }
            return type
        }
        func reference(_ type: SchemaTable.TypeReference) throws -> IntrospectedType {
            switch type {
            case .named(let name): .named(try lookUp(name))
            case .list(let inner): .list(try reference(inner))
            case .nonNull(let inner): .nonNull(try reference(inner))
            }
        }
        func inputValue(_ value: SchemaTable.InputValue) throws -> InputValueDescription {
            InputValueDescription(
                name: value.name, description: value.description, type: try reference(value.type), defaultValue: value.defaultValue,
                deprecationReason: value.deprecationReason)
        }
        for type in table.types {
            let described = try lookUp(type.name)
            described.fields = try type.fields.map { field in
                FieldDescription(
                    name: field.name, description: field.description, arguments: try field.arguments.map(inputValue),
                    type: try reference(field.type), deprecationReason: field.deprecationReason)
            }
            described.interfaces = try type.interfaces.map(lookUp)
            described.possibleTypes = try type.members.map(lookUp)
            described.enumValues = type.enumValues.map {
                EnumValueDescription(name: $0.name, description: $0.description, deprecationReason: $0.deprecationReason)
            }
            described.inputFields = try type.inputFields.map(inputValue)
        }
        description = table.description
        queryType = table.queryType.flatMap { named[$0] }
        mutationType = table.mutationType.flatMap { named[$0] }
        subscriptionType = table.subscriptionType.flatMap { named[$0] }
        directives = try table.directives.map { directive in
            DirectiveDescription(
                name: directive.name, description: directive.description, locations: directive.locations,
                arguments: try directive.arguments.map(inputValue), isRepeatable: directive.isRepeatable)
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
        let listed = table.listed
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
