import Domain

extension ResolverTable {
    /// The catalogue: `listSheetMusic`, `sheetMusic`, `randomSheetMusic` and the types they return.
    mutating func registerSheetMusic() {
        root("Query", "listSheetMusic") { arguments, context in
            let criteria = arguments.object("filter").map(Self.criteria) ?? SheetMusicCriteria()
            let page = PageRequest(limit: arguments.int("limit"), offset: arguments.int("offset"), after: arguments.string("after"))
            let result = try context.services.sheetMusic.list(criteria, page: page, viewer: context.viewer)
            context.loaders.pieceProgress.prime(result.items.map(\.id))
            return Connection(page: result)
        }
        root("Query", "sheetMusic") { arguments, context in
            try context.services.sheetMusic.piece(id: arguments.requiredString("id"), viewer: context.viewer)
        }
        root("Query", "randomSheetMusic") { arguments, context in
            try context.services.sheetMusic.randomPiece(
                instrument: arguments.requiredEnumeration("instrument"), difficulty: arguments.enumeration("difficulty"))
        }
        registerConnection("SheetMusic", of: SheetMusic.self)

        field("SheetMusic", "id", of: SheetMusic.self) { $0.id }
        field("SheetMusic", "title", of: SheetMusic.self) { $0.title }
        field("SheetMusic", "composer", of: SheetMusic.self) { $0.composer ?? "Anonymous" }
        field("SheetMusic", "instrument", of: SheetMusic.self) { ($0.instruments.first ?? .piano).name }
        field("SheetMusic", "difficulty", of: SheetMusic.self) { $0.difficulty.name }
        field("SheetMusic", "measures", of: SheetMusic.self) { try $0.measures() }
        sameParent("SheetMusic", "metadata", of: SheetMusic.self)
        field("SheetMusic", "myProgress", of: SheetMusic.self) { piece, _, context in
            if case .rejected(let error) = context.viewer { throw error }
            return try context.loaders.pieceProgress.value(for: piece.id)
        }

        field("SheetMusicMetadata", "opus", of: SheetMusic.self) { $0.opus }
        field("SheetMusicMetadata", "catalogNumber", of: SheetMusic.self) { $0.catalogNumber }
        field("SheetMusicMetadata", "difficultyLevel", of: SheetMusic.self) { $0.difficultyLevel }
        field("SheetMusicMetadata", "gradeLevel", of: SheetMusic.self) { $0.gradeLevel }
        field("SheetMusicMetadata", "durationSeconds", of: SheetMusic.self) { $0.durationSeconds }
        field("SheetMusicMetadata", "timeSignature", of: SheetMusic.self) { $0.timeSignature }
        field("SheetMusicMetadata", "keySignature", of: SheetMusic.self) { $0.keySignature }
        field("SheetMusicMetadata", "tempoMarking", of: SheetMusic.self) { $0.tempoMarking }
        field("SheetMusicMetadata", "suggestedTempo", of: SheetMusic.self) { $0.suggestedTempo }
        field("SheetMusicMetadata", "stylePeriod", of: SheetMusic.self) { $0.stylePeriod?.name }
        field("SheetMusicMetadata", "tags", of: SheetMusic.self) { $0.tags }
        field("SheetMusicMetadata", "sourceType", of: SheetMusic.self) { $0.sourceType.name }
        field("SheetMusicMetadata", "sourceAttribution", of: SheetMusic.self) { $0.sourceAttribution }
        field("SheetMusicMetadata", "licenseType", of: SheetMusic.self) { $0.licenseType }
        field("SheetMusicMetadata", "audioReferenceUrl", of: SheetMusic.self) { $0.audioReferenceURL }

        field("Measure", "number", of: Measure.self) { $0.number }
        field("Measure", "clef", of: Measure.self) { $0.clef }
        field("Measure", "timeSignature", of: Measure.self) { $0.timeSignature }
        field("Measure", "keySignature", of: Measure.self) { $0.keySignature }
        field("Measure", "tempo", of: Measure.self) { $0.tempo }
        field("Measure", "notes", of: Measure.self) { $0.notes }

        field("Note", "keys", of: Note.self) { $0.keys }
        field("Note", "duration", of: Note.self) { $0.duration }
        field("Note", "offset", of: Note.self) { $0.offset }
        field("Note", "staff", of: Note.self) { $0.staff }
        field("Note", "isRest", of: Note.self) { $0.isRest }
    }

    private static func criteria(_ filter: Arguments) -> SheetMusicCriteria {
        SheetMusicCriteria(
            instrument: filter.enumeration("instrument"), difficulty: filter.enumeration("difficulty"),
            minDifficultyLevel: filter.int("minDifficultyLevel"), maxDifficultyLevel: filter.int("maxDifficultyLevel"),
            stylePeriod: filter.enumeration("stylePeriod"), gradeLevel: filter.string("gradeLevel"),
            composer: filter.string("composer"), tags: filter.strings("tags"), search: filter.string("search"),
            sourceType: filter.enumeration("sourceType"))
    }
}
