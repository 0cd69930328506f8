import Domain

extension SheetMusicStore {
    /// Maps a row selected with `columns` to a piece.
    static func piece(_ row: Row) -> SheetMusic {
        let instruments: [Instrument] = switch row.string(5) {
        case "both": [.piano, .guitar]
        case let value?: Instrument(rawValue: value).map { [$0] } ?? []
        case nil: []
        }
        let tags = (row.string(14).flatMap { try? JSONParser.parse($0) }?.arrayValue ?? []).compactMap(\.stringValue)
        return SheetMusic(
            id: row.string(0) ?? "", title: row.string(1) ?? "", composer: row.string(2), opus: row.string(3),
            catalogNumber: row.string(4), instruments: instruments, difficultyLevel: row.integer(6) ?? 1,
            gradeLevel: row.string(7), durationSeconds: row.integer(8), timeSignature: row.string(9),
            keySignature: row.string(10), tempoMarking: row.string(11), suggestedTempo: row.integer(12),
            stylePeriod: row.string(13).flatMap(StylePeriod.init(rawValue:)), tags: tags,
            sourceType: row.string(15).flatMap(SourceType.init(rawValue:)) ?? .publicDomain,
            sourceAttribution: row.string(16), licenseType: row.string(17), notationData: row.string(18),
            audioReferenceURL: row.string(19),
            createdAt: row.string(20).flatMap(Timestamp.init(iso8601:)) ?? Timestamp(milliseconds: 0),
            updatedAt: row.string(21).flatMap(Timestamp.init(iso8601:)) ?? Timestamp(milliseconds: 0))
    }
}
