import Domain

/// The public-domain repertoire shipped in `catalogue.json`, embedded at build time.
public enum Catalogue {
    /// Why the embedded catalogue could not be read; a build with a broken catalogue is a bug.
    public struct Malformed: Error, CustomStringConvertible, Sendable {
        /// What was wrong, naming the piece.
        public let description: String
    }

    /// The catalogue's pieces, with ids derived from their slugs.
    public static func pieces(createdAt: Timestamp) throws -> [SheetMusic] {
        guard let file = EmbeddedFiles.all.first(where: { $0.name == "catalogue.json" }) else {
            throw Malformed(description: "catalogue.json is not embedded")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(file.text)
        } catch {
            throw Malformed(description: "catalogue.json: \(error.reason)")
        }
        guard let entries = document["pieces"]?.arrayValue else {
            throw Malformed(description: "catalogue.json has no pieces array")
        }
        return try entries.map { try piece($0, createdAt: createdAt) }
    }

    private static func piece(_ entry: JSONValue, createdAt: Timestamp) throws -> SheetMusic {
        guard let slug = entry["slug"]?.stringValue, let title = entry["title"]?.stringValue,
              let instrument = entry["instrument"]?.stringValue.flatMap(Instrument.init(rawValue:)),
              let level = entry["difficultyLevel"]?.integerValue, (1...10).contains(level)
        else { throw Malformed(description: "catalogue entry \(entry["slug"]?.stringValue ?? "?") lacks slug, title, instrument or difficultyLevel") }
        let measures: [Measure]
        do {
            measures = try entry["measures"].map(Notation.measures(from:)) ?? []
        } catch {
            throw Malformed(description: "catalogue entry \(slug): \(error.reason)")
        }
        func text(_ key: String) -> String? { entry[key]?.stringValue }
        func integer(_ key: String) -> Int? { entry[key]?.integerValue.map { Int($0) } }
        return SheetMusic(
            id: Nanoid.derived(from: "catalogue:" + slug), title: title, composer: text("composer"),
            opus: text("opus"), catalogNumber: text("catalogNumber"), instruments: [instrument],
            difficultyLevel: Int(level), gradeLevel: text("gradeLevel"), durationSeconds: integer("durationSeconds"),
            timeSignature: text("timeSignature"), keySignature: text("keySignature"),
            tempoMarking: text("tempoMarking"), suggestedTempo: integer("suggestedTempo"),
            stylePeriod: text("stylePeriod").flatMap(StylePeriod.init(rawValue:)),
            tags: entry["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            sourceType: .publicDomain, sourceAttribution: text("sourceAttribution"),
            licenseType: "Public domain", measures: measures, createdAt: createdAt, updatedAt: createdAt)
    }
}
