import Domain
import GraphQL

/// Refuses requests whose document holds a `schema` definition or `extend schema`, before
/// validation: GraphQLSwift 4.3.0's validation casts such a definition to an operation and traps,
/// which would take the whole process down with one request. The error is the one graphql-js's
/// ExecutableDefinitions rule reports; other type-system definitions reach that rule as usual.
enum SchemaDefinitions {
    /// The error for each schema definition or extension, in document order; empty when there are none.
    static func errors(in document: Document) -> [GraphQLError] {
        document.definitions.compactMap { definition in
            guard exactCast(definition, to: SchemaDefinition.self) != nil || exactCast(definition, to: SchemaExtensionDefinition.self) != nil else { return nil }
            return GraphQLError(message: "The schema definition is not executable.", nodes: [definition])
        }
    }
}
