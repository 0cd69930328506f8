extension PracticeLog {
    /// The log as the API names its fields, for error extensions (a stale update's current object).
    public var apiJSON: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Int?) -> JSONValue { value.map { .integer(Int64($0)) } ?? .null }
        return .object([
            "id": .string(id), "sessionId": text(sessionID), "sheetMusicId": text(sheetMusicID),
            "activityType": .string(activityType.name), "instrument": .string(instrument.name),
            "startedAt": .string(startedAt.iso8601), "endedAt": text(endedAt?.iso8601), "durationSeconds": number(durationSeconds),
            "composer": text(composer), "workTitle": text(workTitle), "opusNumber": text(opusNumber),
            "movementSection": text(movementSection), "tempoPracticed": number(tempoPracticed), "targetTempo": number(targetTempo),
            "focusAreas": .array(focusAreas.map { .string($0.name) }), "selfRating": number(selfRating),
            "accuracy": accuracy.map(JSONValue.double) ?? .null, "notesPlayed": number(notesPlayed),
            "notesCorrect": number(notesCorrect), "practiceNotes": text(practiceNotes),
            "audioRecordingUrl": text(audioRecordingURL), "createdAt": .string(createdAt.iso8601),
            "updatedAt": .string(updatedAt.iso8601),
        ])
    }
}
