/// The schema as static data: every named type, field, argument, enum value and directive of
/// `schema.graphql` and of the built-in definitions (`introspection.graphql`), with descriptions,
/// defaults and deprecations. The `SchemaTable` build plugin writes `SchemaTable.generated` from
/// the SDL at build time, so a process reads the schema without parsing it; the SDL stays the
/// single source of truth. A type, field or argument that names an unknown type fails the build.
struct SchemaTable: Sendable {
    /// A type reference: a named type inside any list and non-null wrappers.
    indirect enum TypeReference: Sendable, Hashable {
        case named(String)
        case list(TypeReference)
        case nonNull(TypeReference)
    }

    /// A directive applied to a definition, with its arguments as GraphQL source text.
    struct AppliedDirective: Sendable, Hashable {
        let name: String
        /// Each argument's name and its value as graphql-js prints it, in the SDL's order.
        let arguments: [Argument]

        /// An argument of an applied directive.
        struct Argument: Sendable, Hashable {
            let name: String
            let value: String
        }
    }

    /// An argument, an input-object field or a directive's argument.
    struct InputValue: Sendable, Hashable {
        let name: String
        let description: String?
        let type: TypeReference
        /// The default as GraphQL source text, as graphql-js prints it; nil without one.
        let defaultValue: String?
        /// The `@deprecated` reason (the directive's default when it gives none); nil when not deprecated.
        let deprecationReason: String?
    }

    /// A field of an object or interface type.
    struct Field: Sendable, Hashable {
        let name: String
        let description: String?
        let arguments: [InputValue]
        let type: TypeReference
        let deprecationReason: String?
        /// The directives applied to the field (`@listSize`, `@deprecated`), in the SDL's order.
        let directives: [AppliedDirective]
    }

    /// A value of an enum type.
    struct EnumValue: Sendable, Hashable {
        let name: String
        let description: String?
        let deprecationReason: String?
    }

    /// A named type; the members that do not apply to its kind are empty.
    struct NamedType: Sendable, Hashable {
        let kind: TypeKind
        let name: String
        let description: String?
        /// `@specifiedBy(url:)` of a scalar.
        let specifiedByURL: String?
        /// Whether an input object is `@oneOf`.
        let isOneOf: Bool
        /// An object's or interface's fields, in the SDL's order.
        let fields: [Field]
        /// The interfaces an object or interface implements.
        let interfaces: [String]
        /// A union's members.
        let members: [String]
        /// An enum's values, in the SDL's order.
        let enumValues: [EnumValue]
        /// An input object's fields, in the SDL's order.
        let inputFields: [InputValue]
    }

    /// A directive the schema defines.
    struct Directive: Sendable, Hashable {
        let name: String
        let description: String?
        let locations: [String]
        let arguments: [InputValue]
        let isRepeatable: Bool
    }

    /// The schema definition's description.
    let description: String?
    /// The root operation types' names; nil when the schema has no such root.
    let queryType: String?
    let mutationType: String?
    let subscriptionType: String?
    /// The names of the types `schema.graphql` defines, in its order (introspection lists types in
    /// graphql-js's order, which starts from them).
    let listed: [String]
    /// Every named type: the API's, then the built-in ones it does not define itself.
    let types: [NamedType]
    /// The API's directives, then the specified ones it does not define itself (graphql-js's order).
    let directives: [Directive]
}
