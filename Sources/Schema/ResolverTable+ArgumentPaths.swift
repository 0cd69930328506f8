import Domain

extension ResolverTable {
    /// Makes every `Query` and `Mutation` resolver report a domain field named by an error it
    /// throws as the field's argument path (`ArgumentPaths`); applied as each root's resolvers
    /// are looked up (`resolvers(of:)`).
    mutating func locatingArguments(with paths: ArgumentPaths) {
        argumentPaths = paths
    }

    /// `resolver`, relocating the domain fields its errors name to `field`'s argument paths.
    static func locating(_ resolver: FieldResolver, field: String, with paths: ArgumentPaths) -> FieldResolver {
        guard case .request(let resolve) = resolver else { return resolver }
        return .request { source, arguments, context in
            do {
                return try resolve(source, arguments, context)
            } catch let error as APIError {
                throw paths.relocated(error, in: field)
            }
        }
    }
}
