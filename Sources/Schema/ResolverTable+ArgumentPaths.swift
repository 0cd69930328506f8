import Domain

extension ResolverTable {
    /// Wraps every `Query` and `Mutation` resolver so that a domain field named by an error it
    /// throws is reported as the field's argument path (`ArgumentPaths`).
    mutating func locatingArguments(with paths: ArgumentPaths) {
        for type in ["Query", "Mutation"] {
            for (name, resolver) in resolvers[type] ?? [:] {
                guard case .request(let resolve) = resolver else { continue }
                resolvers[type]?[name] = .request { source, arguments, context in
                    do {
                        return try resolve(source, arguments, context)
                    } catch let error as APIError {
                        throw paths.relocated(error, in: name)
                    }
                }
            }
        }
    }
}
