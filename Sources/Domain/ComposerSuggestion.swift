/// A composer an autocomplete prefix matched, with how many pieces the user can see by them.
public struct ComposerSuggestion: Sendable, Equatable {
    /// The stored spelling.
    public let name: String
    /// Pieces by this composer in the catalogue and the user's own.
    public let pieceCount: Int

    /// A suggestion.
    public init(name: String, pieceCount: Int) {
        self.name = name
        self.pieceCount = pieceCount
    }
}
