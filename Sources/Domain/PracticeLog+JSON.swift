extension PracticeLog {
    /// The log in the API's own shape (`PracticeLog` with `__typename`, its session and piece as
    /// references), for a stale update's `extensions.current`: a client writes it to its
    /// normalised cache as it is.
    public var apiJSON: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Int?) -> JSONValue { value.map { .integer(Int64($0)) } ?? .null }
        func reference(_ type: String, _ id: String?) -> JSONValue {
            id.map { .object(["__typename": .string(type), "id": .string($0)]) } ?? .null
        }
        return .object([
            "__typename": .string("PracticeLog"), "id": .string(id),
            "session": reference("PracticeSession", sessionID), "sheetMusic": reference("SheetMusic", sheetMusicID),
            "planItem": reference("PlanItem", planItemID),
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
