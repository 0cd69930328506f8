/// An argument or an input-object field.
struct InputValueDescription: Sendable {
    let name: String
    let description: String?
    let type: IntrospectedType
    /// The default as GraphQL source text, as graphql-js prints it.
    let defaultValue: String?
    let deprecationReason: String?
}
