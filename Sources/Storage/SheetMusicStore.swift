import Domain

/// SQL for the `sheet_music` table.
public struct SheetMusicStore: Sendable {
    let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The selected columns (`piece(_:)` reads them by name).
    static let columns = """
        id, title, composer, opus, catalog_number, instrument, difficulty_level, grade_level,
        duration_seconds, time_signature, key_signature, tempo_marking, suggested_tempo, style_period,
        tags, source_type, source_attribution, license_type, notation_data, audio_reference_url,
        user_id, create_hash, created_at, updated_at
        """

    /// `columns` of the table named `s` in a join.
    static let columnsOfS = columns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")

    /// One active piece by id that `userID` may see: a catalogue piece, or one of their own (nil
    /// for nobody signed in: the catalogue only). Another user's piece is not found.
    public func find(id: String, visibleTo userID: String?) throws -> SheetMusic? {
        try database.first(
            "SELECT \(Self.columns) FROM sheet_music WHERE id = ? AND is_active AND (user_id IS NULL OR user_id = ?)",
            [.text(id), .text(userID)], Self.piece)
    }

    /// Active pieces by id that `userID` may see, in no particular order; other ids are skipped.
    public func find(ids: [String], visibleTo userID: String?) throws -> [SheetMusic] {
        guard !ids.isEmpty else { return [] }
        return try database.query(
            """
            SELECT \(Self.columns) FROM sheet_music
            WHERE is_active AND id IN (SELECT value FROM json_each(?)) AND (user_id IS NULL OR user_id = ?)
            """,
            [.list(ids), .text(userID)], Self.piece)
    }

    /// Whether any piece, of the catalogue or any user, has this id (a client id must be new).
    public func exists(id: String) throws -> Bool {
        try database.first("SELECT 1 FROM sheet_music WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The catalogue's order: title ignoring case and accents (`title_key`), then as written,
    /// then composer (a piece without one first), then id.
    public static let order = ListOrder(["title_key", "title", "coalesce(composer, '')", "id"])

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

    /// Inserts a piece or updates it in place, with its autocomplete terms; a row whose content is
    /// unchanged is not touched, so its `updated_at` stays. The owner and create hash are set on
    /// insert only, and a row of another owner is never rewritten: a catalogue seed cannot turn a
    /// user's piece into catalogue content (a client may have chosen a future catalogue id), nor
    /// a user's write a catalogue piece. Answers whether the row was written.
    @discardableResult
    public func upsert(_ piece: SheetMusic) throws -> Bool {
        let instrument = piece.instruments.count > 1 ? "both" : piece.instruments.first?.rawValue ?? "piano"
        let tags = JSONWriter.string(.array(piece.tags.map(JSONValue.string)))
        let search = TextFolding.fold(Self.searchableText(of: piece))
        let values: [SQLValue] = [
            .text(piece.id), .text(piece.title), .text(piece.composer), .text(piece.opus), .text(piece.catalogNumber),
            .text(instrument), .integer(piece.difficultyLevel), .text(piece.gradeLevel), .integer(piece.durationSeconds),
            .text(piece.timeSignature), .text(piece.keySignature), .text(piece.tempoMarking),
            .integer(piece.suggestedTempo), .text(piece.stylePeriod?.rawValue), .text(tags),
            .text(piece.sourceType.rawValue), .text(piece.sourceAttribution), .text(piece.licenseType),
            .text(piece.notationData), .text(piece.audioReferenceURL), .text(search), .text(TextFolding.fold(piece.composer ?? "")),
            .text(TextFolding.fold(piece.title)),
            .text(piece.userID), .text(piece.createHash), .text(piece.createdAt.iso8601), .text(piece.updatedAt.iso8601),
        ]
        let updated = [
            "title", "composer", "opus", "catalog_number", "instrument", "difficulty_level", "grade_level",
            "duration_seconds", "time_signature", "key_signature", "tempo_marking", "suggested_tempo", "style_period",
            "tags", "source_type", "source_attribution", "license_type", "notation_data", "audio_reference_url",
            "search_text", "composer_search", "title_key",
        ]
        let written = try database.run(
            """
            INSERT INTO sheet_music (id, title, composer, opus, catalog_number, instrument, difficulty_level,
              grade_level, duration_seconds, time_signature, key_signature, tempo_marking, suggested_tempo,
              style_period, tags, source_type, source_attribution, license_type, notation_data,
              audio_reference_url, search_text, composer_search, title_key, user_id, create_hash, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
              \(updated.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")),
              updated_at = excluded.updated_at, is_active = TRUE
            WHERE sheet_music.user_id IS NOT DISTINCT FROM excluded.user_id
              AND (\(updated.map { "sheet_music.\($0) IS DISTINCT FROM excluded.\($0)" }.joined(separator: " OR "))
              OR NOT sheet_music.is_active)
            """, values) > 0
        if written { try replaceTerms(of: piece) }
        return written
    }

    /// What search and autocomplete find a piece by: its title, composer, catalogue number and opus.
    static func searchableText(of piece: SheetMusic) -> String {
        [piece.title, piece.composer ?? "", piece.catalogNumber ?? "", piece.opus ?? ""].joined(separator: " ")
    }

    /// The SQL condition and its parameters for a filter; every value is bound, never spliced.
    static func whereClause(_ filter: SheetMusicFilter) -> (String, [SQLValue]) {
        var conditions = ["is_active", filter.ownerID == nil ? "user_id IS NULL" : "user_id = ?"]
        var parameters: [SQLValue] = filter.ownerID.map { [.text($0)] } ?? []
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

    /// Catalogue pieces for an instrument within `reach` of `level` that the user has not mastered
    /// (not marked completed, best accuracy below `masteredAccuracy`), closest to `level` first,
    /// then pieces already started, then by title and id.
    public func recommended(
        instrument: String, userID: String, level: Int, reach: Int, masteredAccuracy: Double, limit: Int
    ) throws -> [SheetMusic] {
        return try database.query(
            """
            SELECT \(Self.columnsOfS) FROM sheet_music s
            LEFT JOIN user_sheet_music_progress p ON p.sheet_music_id = s.id AND p.user_id = ?
            WHERE s.is_active AND s.user_id IS NULL AND s.instrument IN (?, 'both') AND NOT coalesce(p.is_completed, FALSE)
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
