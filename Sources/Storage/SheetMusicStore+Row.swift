import Domain

extension SheetMusicStore {
    /// Maps a row to a piece by column name, so any SELECT of the columns in any order maps the
    /// same. A column the SELECT lacks, or NULL in a column the table declares NOT NULL, is a
    /// `RowDecodingError`; the nullable columns the domain needs a value for say their default
    /// here, once.
    static func piece(_ row: Row) throws -> SheetMusic {
        let instruments: [Instrument] = switch try row.text("instrument") {
        case "both": [.piano, .guitar]
        case let value: Instrument(rawValue: value).map { [$0] } ?? []
        }
        let tags = (try row.optionalText("tags").flatMap { try? JSONParser.parse($0) }?.arrayValue ?? []).compactMap(\.stringValue)
        return SheetMusic(
            id: try row.text("id"), title: try row.text("title"), composer: try row.optionalText("composer"),
            opus: try row.optionalText("opus"), catalogNumber: try row.optionalText("catalog_number"), instruments: instruments,
            // Unrated pieces count as the lowest level, as the design's catalogue does.
            difficultyLevel: try row.optionalNumber("difficulty_level") ?? 1,
            gradeLevel: try row.optionalText("grade_level"), durationSeconds: try row.optionalNumber("duration_seconds"),
            timeSignature: try row.optionalText("time_signature"), keySignature: try row.optionalText("key_signature"),
            tempoMarking: try row.optionalText("tempo_marking"), suggestedTempo: try row.optionalNumber("suggested_tempo"),
            stylePeriod: try row.optionalText("style_period").flatMap(StylePeriod.init(rawValue:)), tags: tags,
            // Rows from before the source was recorded are the public-domain catalogue.
            sourceType: try row.optionalText("source_type").flatMap(SourceType.init(rawValue:)) ?? .publicDomain,
            sourceAttribution: try row.optionalText("source_attribution"), licenseType: try row.optionalText("license_type"),
            notationData: try row.optionalText("notation_data"), audioReferenceURL: try row.optionalText("audio_reference_url"),
            userID: try row.optionalText("user_id"), createHash: try row.optionalText("create_hash"), createdAt: try row.instant("created_at"), updatedAt: try row.instant("updated_at"))
    }
}
