import Domain

/// Autocomplete: the `piece_terms` rows of each piece and the prefix lookups over them.
extension SheetMusicStore {
    /// Writes the terms of a piece anew: the words of its title, composer, catalogue number and
    /// opus, and separately of its composer, under its owner.
    func replaceTerms(of piece: SheetMusic) throws {
        try database.run("DELETE FROM piece_terms WHERE sheet_music_id = ?", [.text(piece.id)])
        for (kind, terms) in [("piece", TextFolding.terms(Self.searchableText(of: piece))), ("composer", TextFolding.terms(piece.composer ?? ""))] where !terms.isEmpty {
            try database.run(
                "INSERT INTO piece_terms (kind, owner_key, term, sheet_music_id) SELECT ?, ?, value, ? FROM json_each(?)",
                [.text(kind), .text(piece.userID ?? ""), .text(piece.id), .list(terms)])
        }
    }

    /// Writes the terms of every active piece that has none (catalogue pieces of a database
    /// migrated from before autocomplete); answers how many pieces it indexed.
    @discardableResult
    public func indexPiecesWithoutTerms() throws -> Int {
        let pieces = try database.query(
            """
            SELECT \(Self.columns) FROM sheet_music s
            WHERE NOT EXISTS (SELECT 1 FROM piece_terms t WHERE t.sheet_music_id = s.id)
            """, [], Self.piece)
        for piece in pieces { try replaceTerms(of: piece) }
        return pieces.count
    }

    /// Fills the folded title the catalogue is ordered by (`title_key`) of every piece written
    /// before the column existed; answers how many it filled.
    @discardableResult
    public func fillTitleKeys() throws -> Int {
        let rows = try database.query("SELECT id, title FROM sheet_music WHERE title_key = ''", []) { row in
            (row.string(0) ?? "", row.string(1) ?? "")
        }
        for (id, title) in rows {
            try database.run("UPDATE sheet_music SET title_key = ? WHERE id = ?", [.text(TextFolding.fold(title)), .text(id)])
        }
        return rows.count
    }

    /// Writes the search texts and terms of the user's pieces anew (after an import wrote their
    /// rows as they were exported).
    public func reindex(ownedBy userID: String) throws {
        let pieces = try database.query(
            "SELECT \(Self.columns) FROM sheet_music WHERE user_id = ? AND search_text = ''", [.text(userID)], Self.piece)
        for piece in pieces { try upsert(piece) }
    }

    /// The bounds of the terms that start with `prefix`: every such term is at least `prefix` and
    /// less than `prefix` followed by the highest character, byte order on both engines.
    private static func range(_ prefix: String) -> [SQLValue] {
        [.text(prefix), .text(prefix + "\u{10FFFF}")]
    }

    /// The join of `piece_terms` (as `t`) and `sheet_music` (as `s`) that finds the active pieces
    /// `userID` can see (the catalogue and their own; the catalogue alone for nil) with a word of
    /// `kind` starting with each of `prefixes`: the longest prefix is a range of the index, the
    /// others are checked on its matches.
    private static func matching(_ kind: String, prefixes: [String], userID: String?) -> (String, [SQLValue]) {
        let sorted = prefixes.sorted { $0.count > $1.count }
        let others = sorted.dropFirst().map { _ in
            "AND EXISTS (SELECT 1 FROM piece_terms o WHERE o.kind = t.kind AND o.owner_key = t.owner_key AND o.sheet_music_id = s.id AND o.term >= ? AND o.term < ?)"
        }
        let sql = """
            piece_terms t JOIN sheet_music s ON s.id = t.sheet_music_id
            WHERE t.kind = '\(kind)' AND t.owner_key IN ('', ?) AND t.term >= ? AND t.term < ? AND s.is_active
              \(others.joined(separator: " "))
            """
        return (sql, [.text(userID ?? "")] + sorted.flatMap(range))
    }

    /// Pieces with a word starting with each of `prefixes` (folded terms; at least one), those
    /// whose search text starts with `leading` first, then by title and id.
    public func suggestedPieces(prefixes: [String], leading: String, userID: String?, limit: Int) throws -> [SheetMusic] {
        let (join, parameters) = Self.matching("piece", prefixes: prefixes, userID: userID)
        return try database.query(
            """
            SELECT \(Self.columnsOfS) FROM \(join)
            GROUP BY s.id ORDER BY instr(s.search_text, ?) = 1 DESC, s.title_key, s.title, s.id LIMIT ?
            """,
            parameters + [.text(leading), .integer(Int64(limit))], Self.piece)
    }

    /// Composers with a name word starting with each of `prefixes` (at least one), most pieces
    /// first, then by name.
    public func suggestedComposers(prefixes: [String], userID: String?, limit: Int) throws -> [ComposerSuggestion] {
        let (join, parameters) = Self.matching("composer", prefixes: prefixes, userID: userID)
        return try database.query(
            """
            SELECT s.composer AS name, count(DISTINCT s.id) AS pieces FROM \(join)
            GROUP BY s.composer ORDER BY count(DISTINCT s.id) DESC, s.composer LIMIT ?
            """,
            parameters + [.integer(Int64(limit))]
        ) { ComposerSuggestion(name: try $0.text("name"), pieceCount: try $0.number("pieces")) }
    }

    /// The spellings of composers `userID` can see with the word `term` in their name: the
    /// catalogue's first, then the user's own oldest first (what a new name is matched against).
    public func composers(withTerm term: String, userID: String) throws -> [String] {
        try database.query(
            """
            SELECT s.composer AS name FROM piece_terms t JOIN sheet_music s ON s.id = t.sheet_music_id
            WHERE t.kind = 'composer' AND t.owner_key IN ('', ?) AND t.term = ? AND s.is_active AND s.composer IS NOT NULL
            GROUP BY s.composer ORDER BY min(t.owner_key) = '' DESC, min(s.created_at), s.composer
            """, [.text(userID), .text(term)]
        ) { try $0.text("name") }
    }
}
