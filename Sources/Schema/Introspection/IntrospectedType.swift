/// What introspection describes, built once per process from the SDL: the parents of the
/// `__Schema`, `__Type`, `__Field`, `__InputValue`, `__EnumValue` and `__Directive` resolvers.
/// Final classes: types refer to each other (a field's type, `ofType`), and every request
/// shares one immutable description.

/// A type as `__Type` shows it: a named type, or a list or non-null wrapper of one.
indirect enum IntrospectedType: Sendable {
    case named(NamedTypeDescription)
    case list(IntrospectedType)
    case nonNull(IntrospectedType)
}

/// The `__TypeKind` of a named type.
enum TypeKind: String, Sendable {
    case scalar = "SCALAR", object = "OBJECT", interface = "INTERFACE", union = "UNION"
    case enumeration = "ENUM", inputObject = "INPUT_OBJECT"
}

/// A named type of the schema, user-defined, built-in or introspection.
final class NamedTypeDescription: @unchecked Sendable {
    let kind: TypeKind
    let name: String
    let description: String?
    /// `@specifiedBy(url:)` of a scalar.
    let specifiedByURL: String?
    /// Whether an input object is `@oneOf`.
    let isOneOf: Bool
    // Filled once, right after every named type exists (they refer to each other), then never changed.
    var fields: [FieldDescription] = []
    var interfaces: [NamedTypeDescription] = []
    var possibleTypes: [NamedTypeDescription] = []
    var enumValues: [EnumValueDescription] = []
    var inputFields: [InputValueDescription] = []

    init(kind: TypeKind, name: String, description: String?, specifiedByURL: String?, isOneOf: Bool) {
        self.kind = kind
        self.name = name
        self.description = description
        self.specifiedByURL = specifiedByURL
        self.isOneOf = isOneOf
    }
}

/// A field of an object or interface type.
struct FieldDescription: Sendable {
    let name: String
    let description: String?
    let arguments: [InputValueDescription]
    let type: IntrospectedType
    /// The `@deprecated` reason; nil when the field is not deprecated.
    let deprecationReason: String?
}

/// An argument or an input-object field.
struct InputValueDescription: Sendable {
    let name: String
    let description: String?
    let type: IntrospectedType
    /// The default as GraphQL source text, as graphql-js prints it.
    let defaultValue: String?
    let deprecationReason: String?
}

/// A value of an enum type.
struct EnumValueDescription: Sendable {
    let name: String
    let description: String?
    let deprecationReason: String?
}

/// A directive the schema supports.
struct DirectiveDescription: Sendable {
    let name: String
    let description: String?
    let locations: [String]
    let arguments: [InputValueDescription]
    let isRepeatable: Bool
}
