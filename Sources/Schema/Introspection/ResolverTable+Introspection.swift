import GraphQL

extension ResolverTable {
    /// `__schema`, `__type` and the introspection types, answered from `schema` the way
    /// graphql-js 16 answers them. They run on the plan executor only: GraphQLSwift's own
    /// introspection resolvers stay as they are for its executor.
    mutating func registerIntrospection(_ schema: Once<SchemaDescription>) {
        // Not `root`: the schema is the same for every caller, so credentials are not checked.
        set("Query", "__schema", .parent { _ in try schema.value() })
        set("Query", "__type", .request { _, arguments, _ in
            try schema.value().type(named: try arguments.requiredString("name")).map(IntrospectedType.named)
        })

        field("__Schema", "description", of: SchemaDescription.self) { $0.description }
        field("__Schema", "types", of: SchemaDescription.self) { $0.types.map(IntrospectedType.named) }
        field("__Schema", "queryType", of: SchemaDescription.self) { $0.queryType.map(IntrospectedType.named) }
        field("__Schema", "mutationType", of: SchemaDescription.self) { $0.mutationType.map(IntrospectedType.named) }
        field("__Schema", "subscriptionType", of: SchemaDescription.self) { $0.subscriptionType.map(IntrospectedType.named) }
        field("__Schema", "directives", of: SchemaDescription.self) { $0.directives }

        field("__Type", "kind", of: IntrospectedType.self) { type in
            switch type {
            case .named(let named): named.kind.rawValue
            case .list: "LIST"
            case .nonNull: "NON_NULL"
            }
        }
        field("__Type", "name", of: IntrospectedType.self) { $0.named?.name }
        field("__Type", "description", of: IntrospectedType.self) { $0.named?.description }
        field("__Type", "specifiedByURL", of: IntrospectedType.self) { $0.named(.scalar)?.specifiedByURL }
        field("__Type", "fields", of: IntrospectedType.self) { type, arguments, _ in
            guard let named = type.named, named.kind == .object || named.kind == .interface else { return nil }
            return named.fields.including(deprecated: arguments.bool("includeDeprecated"))
        }
        field("__Type", "interfaces", of: IntrospectedType.self) { type in
            guard let named = type.named, named.kind == .object || named.kind == .interface else { return nil }
            return named.interfaces.map(IntrospectedType.named)
        }
        field("__Type", "possibleTypes", of: IntrospectedType.self) { type in
            guard let named = type.named, named.kind == .union || named.kind == .interface else { return nil }
            return named.possibleTypes.map(IntrospectedType.named)
        }
        field("__Type", "enumValues", of: IntrospectedType.self) { type, arguments, _ in
            guard let named = type.named(.enumeration) else { return nil }
            return named.enumValues.including(deprecated: arguments.bool("includeDeprecated"))
        }
        field("__Type", "inputFields", of: IntrospectedType.self) { type, arguments, _ in
            guard let named = type.named(.inputObject) else { return nil }
            return named.inputFields.including(deprecated: arguments.bool("includeDeprecated"))
        }
        field("__Type", "ofType", of: IntrospectedType.self) { type -> IntrospectedType? in
            switch type {
            case .named: nil
            case .list(let inner), .nonNull(let inner): inner
            }
        }
        field("__Type", "isOneOf", of: IntrospectedType.self) { $0.named(.inputObject)?.isOneOf }

        field("__Field", "name", of: FieldDescription.self) { $0.name }
        field("__Field", "description", of: FieldDescription.self) { $0.description }
        field("__Field", "args", of: FieldDescription.self) { field, arguments, _ in
            field.arguments.including(deprecated: arguments.bool("includeDeprecated"))
        }
        field("__Field", "type", of: FieldDescription.self) { $0.type }
        field("__Field", "isDeprecated", of: FieldDescription.self) { $0.deprecationReason != nil }
        field("__Field", "deprecationReason", of: FieldDescription.self) { $0.deprecationReason }

        field("__InputValue", "name", of: InputValueDescription.self) { $0.name }
        field("__InputValue", "description", of: InputValueDescription.self) { $0.description }
        field("__InputValue", "type", of: InputValueDescription.self) { $0.type }
        field("__InputValue", "defaultValue", of: InputValueDescription.self) { $0.defaultValue }
        field("__InputValue", "isDeprecated", of: InputValueDescription.self) { $0.deprecationReason != nil }
        field("__InputValue", "deprecationReason", of: InputValueDescription.self) { $0.deprecationReason }

        field("__EnumValue", "name", of: EnumValueDescription.self) { $0.name }
        field("__EnumValue", "description", of: EnumValueDescription.self) { $0.description }
        field("__EnumValue", "isDeprecated", of: EnumValueDescription.self) { $0.deprecationReason != nil }
        field("__EnumValue", "deprecationReason", of: EnumValueDescription.self) { $0.deprecationReason }

        field("__Directive", "name", of: DirectiveDescription.self) { $0.name }
        field("__Directive", "description", of: DirectiveDescription.self) { $0.description }
        field("__Directive", "isRepeatable", of: DirectiveDescription.self) { $0.isRepeatable }
        field("__Directive", "locations", of: DirectiveDescription.self) { $0.locations }
        field("__Directive", "args", of: DirectiveDescription.self) { directive, arguments, _ in
            directive.arguments.including(deprecated: arguments.bool("includeDeprecated"))
        }
    }
}

/// What `@deprecated` can mark: fields, arguments, input fields and enum values.
protocol Deprecatable {
    /// The reason given; nil when it is not deprecated.
    var deprecationReason: String? { get }
}

extension FieldDescription: Deprecatable {}
extension InputValueDescription: Deprecatable {}
extension EnumValueDescription: Deprecatable {}

extension Array where Element: Deprecatable {
    /// The elements an `includeDeprecated` argument asks for: the deprecated ones too only when
    /// it is true, as graphql-js answers.
    func including(deprecated: Bool?) -> [Element] {
        deprecated == true ? self : filter { $0.deprecationReason == nil }
    }
}
