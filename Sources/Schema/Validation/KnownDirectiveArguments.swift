import GraphQL

/// The part of the spec's "Argument Names" rule that GraphQLSwift 4.3.0 misses: arguments of
/// directives on fragment spreads and inline fragments (`...F @include(if: true, unless: false)`)
/// pass its validation. Reports them in graphql-js's words, in document order.
enum KnownDirectiveArguments {
    /// The errors for every directive argument the directive does not define.
    static func errors(in document: Document, schema: GraphQLSchema) -> [GraphQLError] {
        var errors: [GraphQLError] = []
        func check(_ directives: [Directive]) {
            for directive in directives {
                guard let definition = schema.getDirective(name: directive.name.value) else { continue }
                for argument in directive.arguments where !definition.args.contains(where: { $0.name == argument.name.value }) {
                    errors.append(GraphQLError(
                        message: "Unknown argument \"\(argument.name.value)\" on directive \"@\(directive.name.value)\".",
                        nodes: [argument]))
                }
            }
        }
        document.forEachSelection { selection in
            switch selection {
            case let inline as InlineFragment: check(inline.directives)
            case let spread as FragmentSpread: check(spread.directives)
            default: return
            }
        }
        return errors
    }
}
