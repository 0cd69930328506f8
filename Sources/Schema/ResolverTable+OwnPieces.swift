import Domain
import Services

extension ResolverTable {
    /// The users' own pieces and autocomplete: `createSheetMusic`, `mergeSheetMusic`,
    /// `pieceSuggestions`, `composerSuggestions`.
    mutating func registerOwnPieces() {
        root("Query", "pieceSuggestions") { arguments, context in
            let pieces = try context.services.sheetMusic.pieceSuggestions(
                prefix: arguments.requiredString("prefix"), limit: arguments.int("limit"), viewer: context.viewer)
            context.loaders.pieceProgress.prime(pieces.map(\.id))
            return pieces
        }
        root("Query", "composerSuggestions") { arguments, context in
            try context.services.sheetMusic.composerSuggestions(
                prefix: arguments.requiredString("prefix"), limit: arguments.int("limit"), viewer: context.viewer)
        }
        root("Mutation", "createSheetMusic") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.ownPieces.create(
                viewer: context.viewer, clientID: input.string("id"), requestHash: arguments.hash("input"), draft: Self.sheetMusicDraft(input))
        }
        root("Mutation", "mergeSheetMusic") { arguments, context in
            try context.services.ownPieces.merge(
                viewer: context.viewer, sourceID: arguments.requiredString("sourceId"), targetID: arguments.requiredString("targetId"))
        }
        field("ComposerSuggestion", "name", of: ComposerSuggestion.self) { $0.name }
        field("ComposerSuggestion", "pieceCount", of: ComposerSuggestion.self) { $0.pieceCount }
    }

    private static func sheetMusicDraft(_ input: Arguments) throws -> SheetMusicDraft {
        var draft = SheetMusicDraft(title: try input.requiredString("title"), instrument: try input.requiredEnumeration("instrument"))
        draft.composer = input.string("composer")
        draft.difficultyLevel = input.int("difficultyLevel")
        draft.opus = input.string("opus")
        draft.catalogNumber = input.string("catalogNumber")
        draft.gradeLevel = input.string("gradeLevel")
        draft.durationSeconds = input.int("durationSeconds")
        draft.timeSignature = input.string("timeSignature")
        draft.keySignature = input.string("keySignature")
        draft.tempoMarking = input.string("tempoMarking")
        draft.suggestedTempo = input.int("suggestedTempo")
        draft.stylePeriod = input.enumeration("stylePeriod")
        draft.tags = input.strings("tags")
        return draft
    }
}
