import GraphQL

/// graphql-js's `NoSchemaIntrospectionCustomRule`, for deployments that turn introspection off
/// (production by default): a document that selects `__schema` or `__type` anywhere, fragments
/// included, is refused. `__typename` stays allowed; clients need it.
enum IntrospectionFields {
    /// The error for each `__schema` or `__type` selection, in document order.
    static func errors(in document: Document) -> [GraphQLError] {
        var errors: [GraphQLError] = []
        document.forEachSelection { selection in
            guard let field = selection as? Field, ["__schema", "__type"].contains(field.name.value) else { return }
            errors.append(GraphQLError(
                message: "GraphQL introspection has been disabled, but the requested query contained the field \"\(field.name.value)\".",
                nodes: [field]))
        }
        return errors
    }
}
