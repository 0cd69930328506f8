import Domain

extension OwnPieceService {
    /// The draft with its texts trimmed and tags folded, or the first rule it breaks, each
    /// BAD_USER_INPUT naming the field: a title of 1–200 characters, texts without control
    /// characters and within their lengths, levels and tempi in their ranges, at most 20 tags.
    static func checked(_ draft: SheetMusicDraft) throws(APIError) -> SheetMusicDraft {
        var checked = draft
        checked.title = draft.title.trimmingSpaces
        guard !checked.title.isEmpty else { throw .invalid("title", "title must not be empty.") }
        try text("title", checked.title, limit: maxTitleLength)
        checked.composer = draft.composer?.trimmingSpaces
        if checked.composer?.isEmpty == true { checked.composer = nil }
        try text("composer", checked.composer, limit: maxTitleLength)
        let fields: [(String, WritableKeyPath<SheetMusicDraft, String?>)] = [
            ("opus", \.opus), ("catalogNumber", \.catalogNumber), ("gradeLevel", \.gradeLevel),
            ("timeSignature", \.timeSignature), ("keySignature", \.keySignature), ("tempoMarking", \.tempoMarking),
        ]
        for (name, path) in fields {
            let value = draft[keyPath: path]?.trimmingSpaces
            checked[keyPath: path] = value?.isEmpty == true ? nil : value
            try text(name, checked[keyPath: path], limit: maxFieldLength)
        }
        try range("difficultyLevel", draft.difficultyLevel, 1...10)
        try range("durationSeconds", draft.durationSeconds, 0...86_400)
        try range("suggestedTempo", draft.suggestedTempo, 1...400)
        guard draft.tags.count <= maxTags else { throw .invalid("tags", "A piece carries at most \(maxTags) tags.") }
        var tags: [String] = []
        for tag in draft.tags.map({ $0.trimmingSpaces.lowercased() }) where !tags.contains(tag) {
            guard !tag.isEmpty else { throw .invalid("tags", "A tag must not be empty.") }
            try text("tags", tag, limit: maxTagLength)
            tags.append(tag)
        }
        checked.tags = tags
        return checked
    }

    private static func text(_ field: String, _ value: String?, limit: Int) throws(APIError) {
        guard let value else { return }
        guard value.count <= limit else { throw .invalid(field, "\(field) must be at most \(limit) characters.") }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid(field, "\(field) must not contain control characters.")
        }
    }

    private static func range(_ field: String, _ value: Int?, _ bounds: ClosedRange<Int>) throws(APIError) {
        if let value, !bounds.contains(value) {
            throw .invalid(field, "\(field) must be between \(bounds.lowerBound) and \(bounds.upperBound).")
        }
    }
}
