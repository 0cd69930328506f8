import GraphQL

extension SchemaDescription {
    /// A named type without its members (those refer to other types, which may not exist yet).
    static func shell(of definition: TypeDefinition) -> NamedTypeDescription {
        func make(_ kind: TypeKind, _ name: Name, _ description: StringValue?, _ directives: [Directive]) -> NamedTypeDescription {
            NamedTypeDescription(
                kind: kind, name: name.value, description: description?.value,
                specifiedByURL: kind == .scalar ? argument("url", of: "specifiedBy", in: directives) : nil,
                isOneOf: kind == .inputObject && directives.contains { $0.name.value == "oneOf" })
        }
        switch definition {
        case let object as ObjectTypeDefinition: return make(.object, object.name, object.description, object.directives)
        case let interface as InterfaceTypeDefinition:
            return make(.interface, interface.name, interface.description, interface.directives)
        case let union as UnionTypeDefinition: return make(.union, union.name, union.description, union.directives)
        case let enumeration as EnumTypeDefinition:
            return make(.enumeration, enumeration.name, enumeration.description, enumeration.directives)
        case let input as InputObjectTypeDefinition: return make(.inputObject, input.name, input.description, input.directives)
        case let scalar as ScalarTypeDefinition: return make(.scalar, scalar.name, scalar.description, scalar.directives)
        default: return NamedTypeDescription(kind: .scalar, name: "", description: nil, specifiedByURL: nil, isOneOf: false)
        }
    }

    /// Fills a type's fields, interfaces, members, values or input fields.
    static func fill(
        _ type: NamedTypeDescription, from definition: TypeDefinition,
        reference: (GraphQL.`Type`) throws -> IntrospectedType, named: [String: NamedTypeDescription]
    ) throws {
        func lookUp(_ types: [NamedType]) throws -> [NamedTypeDescription] {
            try types.map { reference in
                guard let type = named[reference.name.value] else { throw Failure(description: "unknown type \(reference.name.value)") }
                return type
            }
        }
        func fields(_ definitions: [FieldDefinition]) throws -> [FieldDescription] {
            try definitions.map { field in
                FieldDescription(
                    name: field.name.value, description: field.description?.value,
                    arguments: try field.arguments.map { try inputValue($0, reference: reference) },
                    type: try reference(field.type), deprecationReason: deprecation(field.directives))
            }
        }
        switch definition {
        case let object as ObjectTypeDefinition:
            type.fields = try fields(object.fields)
            type.interfaces = try lookUp(object.interfaces)
        case let interface as InterfaceTypeDefinition:
            type.fields = try fields(interface.fields)
            type.interfaces = try lookUp(interface.interfaces)
        case let union as UnionTypeDefinition:
            type.possibleTypes = try lookUp(union.types)
        case let enumeration as EnumTypeDefinition:
            type.enumValues = enumeration.values.map {
                EnumValueDescription(name: $0.name.value, description: $0.description?.value, deprecationReason: deprecation($0.directives))
            }
        case let input as InputObjectTypeDefinition:
            type.inputFields = try input.fields.map { try inputValue($0, reference: reference) }
        default:
            break
        }
    }

    /// An argument or input field.
    static func inputValue(_ definition: InputValueDefinition, reference: (GraphQL.`Type`) throws -> IntrospectedType) throws -> InputValueDescription {
        InputValueDescription(
            name: definition.name.value, description: definition.description?.value, type: try reference(definition.type),
            defaultValue: definition.defaultValue.map { print(ast: $0) }, deprecationReason: deprecation(definition.directives))
    }

    /// A type reference of the SDL as introspection shows it.
    static func type(_ type: GraphQL.`Type`, in named: [String: NamedTypeDescription]) throws -> IntrospectedType {
        switch type {
        case let name as NamedType:
            guard let found = named[name.name.value] else { throw Failure(description: "unknown type \(name.name.value)") }
            return .named(found)
        case let list as ListType: return .list(try self.type(list.type, in: named))
        case let nonNull as NonNullType: return .nonNull(try self.type(nonNull.type, in: named))
        default: throw Failure(description: "unknown kind of type reference")
        }
    }

    /// The `@deprecated` reason of a definition (the directive's default when it gives none).
    private static func deprecation(_ directives: [Directive]) -> String? {
        guard directives.contains(where: { $0.name.value == "deprecated" }) else { return nil }
        return argument("reason", of: "deprecated", in: directives) ?? "No longer supported"
    }

    private static func argument(_ name: String, of directive: String, in directives: [Directive]) -> String? {
        let value = directives.first { $0.name.value == directive }?.arguments.first { $0.name.value == name }?.value
        return (value as? StringValue)?.value
    }
}
