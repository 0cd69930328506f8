import Domain
import GraphQL
import OrderedCollections

extension SchemaTable {
    /// GraphQLSwift's schema objects of the table, for the validation that still runs on them:
    /// made from the table's data, with no SDL to parse and no syntax tree to walk. Built-in
    /// scalars and directives are GraphQLSwift's own; a kind the API does not use (interfaces,
    /// unions) or a default the table cannot state fails assembly.
    func graphQLSchema() throws -> GraphQLSchema {
        let named = NamedTypes()
        for type in types where !type.name.hasPrefix("__") && named.types[type.name] == nil {
            named.types[type.name] = try Self.shell(of: type, named: named)
        }
        func object(_ name: String?) throws -> GraphQLObjectType? {
            guard let name else { return nil }
            guard let type = named.types[name] as? GraphQLObjectType else { throw APISchema.AssemblyError(description: "root \(name) is not an object type") }
            return type
        }
        // GraphQLSwift's `specifiedDirectives`, which it does not export, in its order.
        let specified = [
            GraphQLIncludeDirective, GraphQLSkipDirective, GraphQLDeprecatedDirective, GraphQLSpecifiedByDirective, GraphQLOneOfDirective,
        ]
        let builtIn = Set(specified.map(\.name))
        let declared = try directives.filter { !builtIn.contains($0.name) }.map { directive in
            try GraphQLDirective(
                name: directive.name, description: directive.description,
                locations: directive.locations.compactMap(DirectiveLocation.init(rawValue:)),
                args: try Self.arguments(directive.arguments, named: named), isRepeatable: directive.isRepeatable)
        }
        return try GraphQLSchema(
            description: description, query: object(queryType), mutation: object(mutationType), subscription: object(subscriptionType),
            types: listed.compactMap { named.types[$0] }, directives: declared + specified, assumeValid: true)
    }

    /// The named types made so far: fields are made lazily (GraphQLSwift asks for them once the
    /// schema is assembled), so they can refer to any type, including their own.
    private final class NamedTypes {
        var types: [String: GraphQLNamedType] = [
            "String": GraphQLString, "Int": GraphQLInt, "Float": GraphQLFloat, "Boolean": GraphQLBoolean, "ID": GraphQLID,
        ]

        func type(_ reference: TypeReference) throws -> GraphQLType {
            switch reference {
            case .named(let name):
                guard let type = types[name] else { throw APISchema.AssemblyError(description: "unknown type \(name)") }
                return type
            case .list(let inner): return GraphQLList(try type(inner))
            case .nonNull(let inner):
                guard let nullable = try type(inner) as? GraphQLNullableType else { throw APISchema.AssemblyError(description: "non-null of non-null") }
                return GraphQLNonNull(nullable)
            }
        }

        func input(_ reference: TypeReference) throws -> GraphQLInputType {
            guard let type = try type(reference) as? GraphQLInputType else { throw APISchema.AssemblyError(description: "\(reference) is not an input type") }
            return type
        }

        func output(_ reference: TypeReference) throws -> GraphQLOutputType {
            guard let type = try type(reference) as? GraphQLOutputType else { throw APISchema.AssemblyError(description: "\(reference) is not an output type") }
            return type
        }
    }

    private static func shell(of type: NamedType, named: NamedTypes) throws -> GraphQLNamedType {
        switch type.kind {
        case .scalar:
            return try GraphQLScalarType(name: type.name, description: type.description, specifiedByURL: type.specifiedByURL)
        case .enumeration:
            var values = GraphQLEnumValueMap()
            for value in type.enumValues {
                values[value.name] = GraphQLEnumValue(value: .string(value.name), description: value.description, deprecationReason: value.deprecationReason)
            }
            return try GraphQLEnumType(name: type.name, description: type.description, values: values)
        case .inputObject:
            let fields = Once<InputObjectFieldMap> {
                var fields = InputObjectFieldMap()
                for field in type.inputFields {
                    let fieldType = try named.input(field.type)
                    fields[field.name] = InputObjectField(
                        type: fieldType, defaultValue: try defaultValue(field, type: fieldType), description: field.description,
                        deprecationReason: field.deprecationReason)
                }
                return fields
            }
            return try GraphQLInputObjectType(name: type.name, description: type.description, fields: fields.value, isOneOf: type.isOneOf)
        case .object:
            let fields = Once<GraphQLFieldMap> {
                var fields = GraphQLFieldMap()
                for field in type.fields {
                    fields[field.name] = GraphQLField(
                        type: try named.output(field.type), description: field.description, deprecationReason: field.deprecationReason,
                        args: try arguments(field.arguments, named: named))
                }
                return fields
            }
            return try GraphQLObjectType(name: type.name, description: type.description, fields: fields.value)
        case .interface, .union:
            throw APISchema.AssemblyError(description: "\(type.name): the plan executor covers no \(type.kind.rawValue)")
        }
    }

    private static func arguments(_ values: [InputValue], named: NamedTypes) throws -> GraphQLArgumentConfigMap {
        var arguments = GraphQLArgumentConfigMap()
        for value in values {
            let type = try named.input(value.type)
            arguments[value.name] = GraphQLArgument(
                type: type, description: value.description, defaultValue: try defaultValue(value, type: type),
                deprecationReason: value.deprecationReason)
        }
        return arguments
    }

    /// A default's value as GraphQLSwift holds it (what `valueFromAST` gives for the literal): the
    /// kinds of literal the SDL's defaults use.
    private static func defaultValue(_ value: InputValue, type: GraphQLInputType) throws -> Map? {
        guard let text = value.defaultValue else { return nil }
        switch (getNamedType(type: type), text) {
        case (is GraphQLEnumType, _) where text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }: return .string(text)
        case (_, "true"): return .bool(true)
        case (_, "false"): return .bool(false)
        case (let scalar as GraphQLScalarType, _) where scalar.name == "Int": if let number = Int(text) { return .int(number) }
        case (let scalar as GraphQLScalarType, _) where scalar.name == "String":
            if case .string(let string)? = try? JSONParser.parse(text) { return .string(string) }
        default: break
        }
        throw APISchema.AssemblyError(description: "\(value.name): a default the table cannot state (\(text))")
    }
}
