/// The SDL in `schema.graphql`, embedded at build time: the single source of truth of the API.
public enum SchemaSource {
    /// The SDL text.
    public static let sdl: String = EmbeddedFiles.all.first { $0.name == "schema.graphql" }?.text ?? ""
    /// The built-in scalars, directives and introspection types as graphql-js 16 defines them
    /// (`introspection.graphql`), which introspection describes along with the API's own.
    static let builtins: String = EmbeddedFiles.all.first { $0.name == "introspection.graphql" }?.text ?? ""
}
