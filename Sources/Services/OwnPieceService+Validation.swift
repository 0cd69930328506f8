import Domain

extension OwnPieceService {
    /// The draft with its texts trimmed and tags folded, or the first rule it breaks, each
    /// BAD_USER_INPUT naming the field: a title of 1–200 characters, texts without control
    /// characters and within their lengths, levels and tempi in their ranges, at most 20 tags.
    static func checked(_ draft: SheetMusicDraft) throws(APIError) -> SheetMusicDraft {
        var checked = draft
        checked.title = draft.title.trimmingSpaces
        guard !checked.title.isEmpty else { throw .invalid("title", "title must not be empty.") }
        try PracticeRules.checkText("title", checked.title, limit: maxTitleLength, singleLine: true)
        checked.composer = draft.composer?.trimmingSpaces
        if checked.composer?.isEmpty == true { checked.composer = nil }
        try PracticeRules.checkText("composer", checked.composer, limit: maxTitleLength, singleLine: true)
        let fields: [(String, WritableKeyPath<SheetMusicDraft, String?>)] = [
            ("opus", \.opus), ("catalogNumber", \.catalogNumber), ("gradeLevel", \.gradeLevel),
            ("timeSignature", \.timeSignature), ("keySignature", \.keySignature), ("tempoMarking", \.tempoMarking),
        ]
        for (name, path) in fields {
            let value = draft[keyPath: path]?.trimmingSpaces
            checked[keyPath: path] = value?.isEmpty == true ? nil : value
            try PracticeRules.checkText(name, checked[keyPath: path], limit: maxFieldLength, singleLine: true)
        }
        try PracticeRules.check("difficultyLevel", draft.difficultyLevel, in: 1...10, "difficultyLevel")
        try PracticeRules.check("durationSeconds", draft.durationSeconds, in: 0...86_400, "durationSeconds")
        try PracticeRules.check("suggestedTempo", draft.suggestedTempo, in: 1...400, "suggestedTempo")
        guard draft.tags.count <= maxTags else { throw .invalid("tags", "A piece carries at most \(maxTags) tags.") }
        var tags: [String] = []
        for tag in draft.tags.map({ $0.trimmingSpaces.lowercased() }) where !tags.contains(tag) {
            guard !tag.isEmpty else { throw .invalid("tags", "A tag must not be empty.") }
            try PracticeRules.checkText("tags", tag, limit: maxTagLength, singleLine: true)
            tags.append(tag)
        }
        checked.tags = tags
        return checked
    }
}
