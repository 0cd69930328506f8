import Schema

extension Configuration {
    /// What this deployment asks of the GraphQL engine.
    var engineOptions: GraphQLEngine.Options {
        var options = GraphQLEngine.Options()
        options.allowsIntrospection = allowsIntrospection
        options.suggestsNames = suggestsNames
        options.documentCacheSize = documentCacheSize
        return options
    }
}
