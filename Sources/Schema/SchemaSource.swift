/// The SDL in `schema.graphql`, embedded at build time: the single source of truth of the API.
public enum SchemaSource {
    /// The SDL text.
    public static let sdl: String = EmbeddedFiles.all.first { $0.name == "schema.graphql" }?.text ?? ""
}
