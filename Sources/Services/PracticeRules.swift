import Domain

/// The validation rules of practice data, shared by sessions, logs and templates. Each failure
/// is `BAD_USER_INPUT` naming the field. Documented limits:
/// tempo 1–400 BPM, duration 0–86,400 s, self rating 1–10, accuracy 0–100, difficulty rating 1–5,
/// short text (composer, titles, opus, section, template name) ≤ 500 characters, notes ≤ 10,000,
/// a log's end after its start and its duration within them, start at most 5 minutes ahead of the
/// server clock, client ids are nanoids.
enum PracticeRules {
    /// Longest composer, title, opus, section or template name.
    static let maxShortText = 500
    /// Longest free-text notes.
    static let maxNotes = 10_000

    /// Checks an optional number against its range.
    static func check(_ field: String, _ value: Int?, in range: ClosedRange<Int>, _ what: String) throws(APIError) {
        if let value, !range.contains(value) {
            throw .invalid(field, "\(what) must be between \(range.lowerBound) and \(range.upperBound).")
        }
    }

    /// Checks an optional text against its length limit. A `singleLine` text (a title, a name)
    /// takes no control character at all, tabs and line breaks included.
    static func checkText(_ field: String, _ value: String?, limit: Int = maxShortText, singleLine: Bool = false) throws(APIError) {
        guard let value else { return }
        // Named only when refused: most calls are of absent fields, on every write.
        var name: Substring { field.split(separator: ".").last ?? "text" }
        if value.count > limit {
            throw .invalid(field, "\(name) must be at most \(limit) characters.")
        }
        if singleLine, value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalid(field, "\(name) must not contain control characters.")
        }
        if value.unicodeScalars.contains(where: isRefusedControl) {
            throw .invalid(field, "\(name) must not contain control characters other than tab and line breaks.")
        }
    }

    /// Control characters no text field takes: C0 controls but tab, line feed and carriage
    /// return, and DEL. A NUL in particular would cut the text for tools that read C strings.
    static func isRefusedControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value)) || scalar.value == 0x7F
    }

    /// Checks that a client-generated id is a nanoid.
    static func checkClientID(_ id: String?, field: String = "id") throws(APIError) {
        if let id, !Nanoid.isValid(id) {
            throw .invalid(field, "id must be a nanoid: 21 characters of A–Z, a–z, 0–9, _ and -.")
        }
    }

    /// The error for a replayed create whose content differs, or whose id another row uses.
    static func idConflict(_ id: String) -> APIError {
        APIError(.conflict, "The id \(id) is already used by a different object.", extensions: ["id": .string(id)])
    }

    /// Safe replay of a create with a client id: the stored object when the same request was
    /// already applied, nil when the id is free, `CONFLICT` when the id holds something else.
    static func replay<Stored>(
        clientID: String?, requestHash: String, find: (String) throws -> Stored?, hash: (Stored) -> String?,
        exists: (String) throws -> Bool
    ) throws -> Stored? {
        guard let id = clientID else { return nil }
        if let stored = try find(id) {
            guard hash(stored) == requestHash else { throw idConflict(id) }
            return stored
        }
        if try exists(id) { throw idConflict(id) }
        return nil
    }

    /// Validates a complete log, as it would be stored.
    static func validate(_ log: PracticeLog, now: Timestamp) throws(APIError) {
        try check("durationSeconds", log.durationSeconds, in: 0...86_400, "durationSeconds")
        try check("tempoPracticed", log.tempoPracticed, in: 1...400, "tempoPracticed")
        try check("targetTempo", log.targetTempo, in: 1...400, "targetTempo")
        try check("selfRating", log.selfRating, in: 1...10, "selfRating")
        if let accuracy = log.accuracy, !(accuracy >= 0 && accuracy <= 100) {
            throw .invalid("accuracy", "accuracy must be between 0 and 100.")
        }
        if let played = log.notesPlayed, played < 0 { throw .invalid("notesPlayed", "notesPlayed must not be negative.") }
        if let correct = log.notesCorrect {
            guard correct >= 0 else { throw .invalid("notesCorrect", "notesCorrect must not be negative.") }
            guard let played = log.notesPlayed else {
                throw .invalid("notesCorrect", "notesCorrect needs notesPlayed.")
            }
            guard correct <= played else {
                throw .invalid("notesCorrect", "notesCorrect must not exceed notesPlayed.")
            }
        }
        if let ended = log.endedAt {
            guard ended > log.startedAt else { throw .invalid("endedAt", "endedAt must be after startedAt.") }
            if let duration = log.durationSeconds, Int64(duration) > (ended.milliseconds - log.startedAt.milliseconds) / 1000 {
                throw .invalid("durationSeconds", "durationSeconds must fit between startedAt and endedAt.")
            }
        }
        guard log.startedAt <= now.adding(seconds: 300) else {
            throw .invalid("startedAt", "startedAt must not be in the future.")
        }
        for (field, text) in [("composer", log.composer), ("workTitle", log.workTitle), ("opusNumber", log.opusNumber),
                              ("movementSection", log.movementSection)] {
            try checkText(field, text)
        }
        try checkText("notes", log.practiceNotes, limit: maxNotes)
        if let url = log.audioRecordingURL, !WebURL.isValid(url) {
            throw .invalid("audioRecordingUrl", "audioRecordingUrl must be an http or https URL.")
        }
    }
}
