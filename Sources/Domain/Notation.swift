/// Converts notation between the `notation_data` JSON column and typed measures.
/// The JSON shape is the catalogue's: `[{number, clef, timeSignature, keySignature, tempo, notes: [{keys, duration, offset, staff}]}]`.
public enum Notation {
    /// Why stored notation could not be read.
    public struct Malformed: Error, Equatable, Sendable {
        /// What was wrong.
        public let reason: String
    }

    /// Measures from their JSON array (or an object with a `measures` array).
    public static func measures(from json: JSONValue) throws(Malformed) -> [Measure] {
        guard let list = json.arrayValue ?? json["measures"]?.arrayValue else {
            throw Malformed(reason: "notation is not a list of measures")
        }
        var measures: [Measure] = []
        for item in list {
            guard let number = item["number"]?.integerValue,
                  let timeSignature = item["timeSignature"]?.stringValue,
                  let keySignature = item["keySignature"]?.stringValue,
                  let notes = item["notes"]?.arrayValue
            else { throw Malformed(reason: "measure lacks number, timeSignature, keySignature or notes") }
            measures.append(Measure(
                number: Int(number), clef: item["clef"]?.stringValue ?? "treble", timeSignature: timeSignature,
                keySignature: keySignature, tempo: item["tempo"]?.integerValue.map { Int($0) },
                notes: try notes.map(note)))
        }
        return measures
    }

    /// The JSON array of measures, as stored.
    public static func json(_ measures: [Measure]) -> JSONValue {
        .array(measures.map { measure in
            var members: [String: JSONValue] = [
                "number": .integer(Int64(measure.number)), "clef": .string(measure.clef),
                "timeSignature": .string(measure.timeSignature), "keySignature": .string(measure.keySignature),
                "notes": .array(measure.notes.map { note in
                    .object([
                        "keys": .array(note.keys.map(JSONValue.string)), "duration": .string(note.duration),
                        "offset": .double(note.offset), "staff": .integer(Int64(note.staff)),
                    ])
                }),
            ]
            if let tempo = measure.tempo { members["tempo"] = .integer(Int64(tempo)) }
            return .object(members)
        })
    }

    private static func note(_ json: JSONValue) throws(Malformed) -> Note {
        guard let keys = json["keys"]?.arrayValue?.compactMap(\.stringValue), !keys.isEmpty,
              let duration = json["duration"]?.stringValue
        else { throw Malformed(reason: "note lacks keys or duration") }
        return Note(
            keys: keys, duration: duration, offset: json["offset"]?.doubleValue ?? 0,
            staff: Int(json["staff"]?.integerValue ?? 1))
    }
}
