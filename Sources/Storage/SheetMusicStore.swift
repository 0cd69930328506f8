import Domain

/// SQL for the `sheet_music` table.
public struct SheetMusicStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The selected columns (`piece(_:)` reads them by name).
    static let columns = """
        id, title, composer, opus, catalog_number, instrument, difficulty_level, grade_level,
        duration_seconds, time_signature, key_signature, tempo_marking, suggested_tempo, style_period,
        tags, source_type, source_attribution, license_type, notation_data, audio_reference_url,
        created_at, updated_at
        """

    /// One active piece by id.
    public func find(id: String) throws -> SheetMusic? {
        try database.first("SELECT \(Self.columns) FROM sheet_music WHERE id = ? AND is_active", [.text(id)], Self.piece)
    }

    /// Active pieces by id, in no particular order; unknown ids are skipped.
    public func find(ids: [String]) throws -> [SheetMusic] {
        guard !ids.isEmpty else { return [] }
        return try database.query(
            "SELECT \(Self.columns) FROM sheet_music WHERE is_active AND id IN (SELECT value FROM json_each(?))",
            [.list(ids)], Self.piece)
    }

    /// The catalogue's order: title, then composer (a piece without one first), then id.
    public static let order = ListOrder(["title", "coalesce(composer, '')", "id"])

    /// A page of active pieces matching `filter`, in `order`.
    public func list(_ filter: SheetMusicFilter, limit: Int, start: PageStart) throws -> Page<SheetMusic> {
        let (clause, parameters) = Self.whereClause(filter)
        return try database.page(
            columns: Self.columns, from: "sheet_music", where: clause, parameters, order: Self.order, start: start, limit: limit,
            map: Self.piece)
    }

    /// How many active pieces match `filter`.
    public func count(_ filter: SheetMusicFilter) throws -> Int {
        let (clause, parameters) = Self.whereClause(filter)
        return try database.first("SELECT count(*) FROM sheet_music WHERE \(clause)", parameters) { $0.integer(0) ?? 0 } ?? 0
    }

    /// Inserts a piece or updates it in place; a row whose content is unchanged is not touched,
    /// so its `updated_at` stays. Answers whether the row was written.
    @discardableResult
    public func upsert(_ piece: SheetMusic) throws -> Bool {
        let instrument = piece.instruments.count > 1 ? "both" : piece.instruments.first?.rawValue ?? "piano"
        let tags = JSONWriter.string(.array(piece.tags.map(JSONValue.string)))
        let search = TextFolding.fold([piece.title, piece.composer ?? "", piece.catalogNumber ?? "", piece.opus ?? ""]
            .joined(separator: " "))
        let values: [SQLValue] = [
            .text(piece.id), .text(piece.title), .text(piece.composer), .text(piece.opus), .text(piece.catalogNumber),
            .text(instrument), .integer(piece.difficultyLevel), .text(piece.gradeLevel), .integer(piece.durationSeconds),
            .text(piece.timeSignature), .text(piece.keySignature), .text(piece.tempoMarking),
            .integer(piece.suggestedTempo), .text(piece.stylePeriod?.rawValue), .text(tags),
            .text(piece.sourceType.rawValue), .text(piece.sourceAttribution), .text(piece.licenseType),
            .text(piece.notationData), .text(piece.audioReferenceURL), .text(search), .text(TextFolding.fold(piece.composer ?? "")),
            .text(piece.createdAt.iso8601), .text(piece.updatedAt.iso8601),
        ]
        let updated = [
            "title", "composer", "opus", "catalog_number", "instrument", "difficulty_level", "grade_level",
            "duration_seconds", "time_signature", "key_signature", "tempo_marking", "suggested_tempo", "style_period",
            "tags", "source_type", "source_attribution", "license_type", "notation_data", "audio_reference_url",
            "search_text", "composer_search",
        ]
        return try database.run(
            """
            INSERT INTO sheet_music (id, title, composer, opus, catalog_number, instrument, difficulty_level,
              grade_level, duration_seconds, time_signature, key_signature, tempo_marking, suggested_tempo,
              style_period, tags, source_type, source_attribution, license_type, notation_data,
              audio_reference_url, search_text, composer_search, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
              \(updated.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")),
              updated_at = excluded.updated_at, is_active = TRUE
            WHERE \(updated.map { "sheet_music.\($0) IS DISTINCT FROM excluded.\($0)" }.joined(separator: " OR "))
              OR NOT sheet_music.is_active
            """, values) > 0
    }

    /// The SQL condition and its parameters for a filter; every value is bound, never spliced.
    static func whereClause(_ filter: SheetMusicFilter) -> (String, [SQLValue]) {
        var conditions = ["is_active"]
        var parameters: [SQLValue] = []
        func require(_ condition: String, _ value: SQLValue?) {
            guard let value, value != .null else { return }
            conditions.append(condition)
            parameters.append(value)
        }
        require("instrument IN (?, 'both')", .text(filter.instrument?.rawValue))
        require("difficulty_level >= ?", .integer(filter.minDifficultyLevel))
        require("difficulty_level <= ?", .integer(filter.maxDifficultyLevel))
        require("style_period = ?", .text(filter.stylePeriod?.rawValue))
        require("grade_level = ? COLLATE NOCASE", .text(filter.gradeLevel))
        require("source_type = ?", .text(filter.sourceType?.rawValue))
        require("instr(composer_search, ?) > 0", .text(filter.composer))
        for tag in filter.tags {
            require("EXISTS (SELECT 1 FROM json_each(sheet_music.tags) WHERE value = ?)", .text(tag))
        }
        for word in filter.searchWords {
            require("instr(search_text, ?) > 0", .text(word))
        }
        return (conditions.joined(separator: " AND "), parameters)
    }
}

extension SheetMusicStore {
    /// The catalogue's revision: triggers move it on with every change to `sheet_music`.
    public func revision() throws -> Int {
        try database.first("SELECT revision FROM catalogue_revision") { $0.integer(0) ?? 0 } ?? 0
    }

    /// Active pieces for an instrument within `reach` of `level` that the user has not mastered
    /// (not marked completed, best accuracy below `masteredAccuracy`), closest to `level` first,
    /// then pieces already started, then by title and id.
    public func recommended(
        instrument: String, userID: String, level: Int, reach: Int, masteredAccuracy: Double, limit: Int
    ) throws -> [SheetMusic] {
        let columns = Self.columns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return try database.query(
            """
            SELECT \(columns.joined(separator: ", ")) FROM sheet_music s
            LEFT JOIN user_sheet_music_progress p ON p.sheet_music_id = s.id AND p.user_id = ?
            WHERE s.is_active AND s.instrument IN (?, 'both') AND NOT coalesce(p.is_completed, FALSE)
              AND coalesce(p.best_accuracy, 0) < ? AND abs(s.difficulty_level - ?) <= ?
            ORDER BY abs(s.difficulty_level - ?), coalesce(p.times_practiced, 0) > 0 DESC, s.title, s.id LIMIT ?
            """,
            [.text(userID), .text(instrument), .real(masteredAccuracy), .integer(level), .integer(reach), .integer(level),
             .integer(limit)], Self.piece)
    }

    /// Difficulty levels of the user's practised pieces for an instrument: the highest mastered
    /// one and the rounded mean of all practised ones.
    public func practisedLevels(instrument: String, userID: String, masteredAccuracy: Double) throws -> (mastered: Int?, mean: Int?) {
        try database.first(
            """
            SELECT max(CASE WHEN p.is_completed OR p.best_accuracy >= ? THEN s.difficulty_level END) AS mastered,
              CAST(round(avg(s.difficulty_level)) AS INTEGER) AS mean
            FROM user_sheet_music_progress p JOIN sheet_music s ON s.id = p.sheet_music_id
            WHERE p.user_id = ? AND s.instrument IN (?, 'both') AND (p.times_practiced > 0 OR p.is_completed)
            """, [.real(masteredAccuracy), .text(userID), .text(instrument)]
        ) { (try $0.optionalNumber("mastered"), try $0.optionalNumber("mean")) } ?? (nil, nil)
    }
}
