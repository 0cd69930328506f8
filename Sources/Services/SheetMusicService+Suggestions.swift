import Domain
import Storage

/// Autocomplete over the catalogue and the viewer's own pieces (`pieceSuggestions`,
/// `composerSuggestions`): every typed word is the start of a word of the piece (title,
/// composer, catalogue number, opus) or of the composer's name, ignoring case, accents and the
/// punctuation around words. Read from the `piece_terms` index, never a scan of the pieces.
extension SheetMusicService {
    /// Default and largest number of suggestions.
    public static let defaultSuggestions = 10, maxSuggestions = 50
    /// Longest accepted prefix, in characters.
    public static let maxPrefixLength = 100

    /// Pieces the viewer may see that match `prefix`: those whose text starts with its first
    /// word first, then by title.
    public func pieceSuggestions(prefix: String, limit: Int?, viewer: Viewer) throws -> [SheetMusic] {
        let (words, count) = try Self.suggestionTerms(prefix, limit: limit)
        guard let first = words.first else { return [] }
        return try store.suggestedPieces(prefixes: words, leading: first, userID: viewer.signedInUserID, limit: count)
    }

    /// Composers the viewer may see whose names match `prefix`, most pieces first.
    public func composerSuggestions(prefix: String, limit: Int?, viewer: Viewer) throws -> [ComposerSuggestion] {
        let (words, count) = try Self.suggestionTerms(prefix, limit: limit)
        guard !words.isEmpty else { return [] }
        return try store.suggestedComposers(prefixes: words, userID: viewer.signedInUserID, limit: count)
    }

    /// The checked prefix as terms, and the checked limit; both limits are enforced before any read.
    private static func suggestionTerms(_ prefix: String, limit: Int?) throws(APIError) -> ([String], Int) {
        let count = try PageRequest.checkedLimit(limit, default: defaultSuggestions, max: maxSuggestions)
        guard prefix.count <= maxPrefixLength else { throw .invalid("prefix", "prefix must be at most \(maxPrefixLength) characters.") }
        let words = TextFolding.terms(prefix)
        guard words.count <= maxTerms else { throw .invalid("prefix", "Give at most \(maxTerms) words.") }
        return (words, count)
    }
}
