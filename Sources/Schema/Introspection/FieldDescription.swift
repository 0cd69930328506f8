/// A field of an object or interface type.
struct FieldDescription: Sendable {
    let name: String
    let description: String?
    let arguments: [InputValueDescription]
    let type: IntrospectedType
    /// The `@deprecated` reason; nil when the field is not deprecated.
    let deprecationReason: String?
}
