/// A named type of the schema, user-defined, built-in or introspection: with the descriptions
/// of fields, values and directives, what the introspection resolvers read (`SchemaDescription`
/// builds them once per process from the SDL). A final class because types refer to each other
/// (a field's type, `ofType`); every request shares the one immutable description.
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
