import GraphQL

/// graphql-js's `NoSchemaIntrospectionCustomRule`, for deployments that turn introspection off
/// (production by default): a document that selects `__schema` or `__type` anywhere, fragments
/// included, is refused. `__typename` stays allowed; clients need it.
enum IntrospectionFields {
    /// The error for each `__schema` or `__type` selection, in document order.
    static func errors(in document: Document) -> [GraphQLError] {
        var errors: [GraphQLError] = []
        func walk(_ selectionSet: SelectionSet) {
            for selection in selectionSet.selections {
                switch selection {
                case let field as Field:
                    if ["__schema", "__type"].contains(field.name.value) {
                        errors.append(GraphQLError(
                            message: "GraphQL introspection has been disabled, but the requested query contained the field \"\(field.name.value)\".",
                            nodes: [field]))
                    }
                    field.selectionSet.map(walk)
                case let inline as InlineFragment:
                    walk(inline.selectionSet)
                default:
                    continue
                }
            }
        }
        for definition in document.definitions {
            if let operation = definition as? OperationDefinition {
                walk(operation.selectionSet)
            } else if let fragment = definition as? FragmentDefinition {
                walk(fragment.selectionSet)
            }
        }
        return errors
    }
}
