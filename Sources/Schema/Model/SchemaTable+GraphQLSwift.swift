import Domain
import GraphQL
import OrderedCollections

extension SchemaTable {
    /// GraphQLSwift's schema of the table, for the test oracle (its executor and validation): made
    /// from the table's data over `types`, with no SDL to parse and no syntax tree to walk.
    /// Built-in scalars, directives and introspection types are GraphQLSwift's own. A process
    /// never makes it: the plan executor asks `types` for the few objects it needs.
    func graphQLSchema(types named: GraphQLTypes) throws -> GraphQLSchema {
        func object(_ name: String?) throws -> GraphQLObjectType? {
            guard let name else { return nil }
            guard let type = try named.named(name) as? GraphQLObjectType else { throw APISchema.AssemblyError(description: "root \(name) is not an object type") }
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
                args: try named.arguments(directive.arguments), isRepeatable: directive.isRepeatable)
        }
        return try GraphQLSchema(
            description: description, query: object(queryType), mutation: object(mutationType), subscription: object(subscriptionType),
            types: try listed.map { try named.named($0) }, directives: declared + specified, assumeValid: true)
    }
}
