import Domain
@testable import Services
import Storage
import Testing

/// Users' own pieces: composer spellings, who sees them, the autocomplete index, and merges that
/// keep derived data equal to a rebuild.
@Suite("Own pieces, suggestions and merges")
struct OwnPiecesTests {
    @Test("composer names: one key whatever the spelling, tidied when nothing known matches", arguments: [
        ("Bach, J.S.", ["Johann Sebastian Bach"], "Johann Sebastian Bach"),
        ("j. s. bach", ["Johann Sebastian Bach"], "Johann Sebastian Bach"),
        ("JOHANN SEBASTIAN BACH", ["Johann Sebastian Bach"], "Johann Sebastian Bach"),
        ("C.P.E. Bach", ["Johann Sebastian Bach"], "C. P. E. Bach"),
        ("bach", ["Johann Sebastian Bach"], "Johann Sebastian Bach"),
        ("bach", ["Johann Sebastian Bach", "C. P. E. Bach"], "Bach"),
        ("Beethoven, Ludwig van", ["Ludwig van Beethoven"], "Ludwig van Beethoven"),
        ("tarrega", ["Francisco Tárrega"], "Francisco Tárrega"),
        ("F. Tarrega", ["Francisco Tárrega"], "Francisco Tárrega"),
        ("Mendelssohn", ["Felix Mendelssohn Bartholdy"], "Felix Mendelssohn Bartholdy"),
        ("jean-philippe rameau", [], "Jean-Philippe Rameau"),
        ("J.-P. Rameau", ["Jean-Philippe Rameau"], "Jean-Philippe Rameau"),
        ("  ana   VIDOVIĆ ", [], "ana VIDOVIĆ"),
        ("Vidovic, Ana", ["Ana Vidović"], "Ana Vidović"),
        ("Anonymous", ["Anonymous"], "Anonymous"),
    ])
    func composerNames(typed: String, known: [String], stored: String) throws {
        let name = try #require(ComposerName(typed))
        #expect(name.canonical(among: known) == stored)
    }

    @Test("a name without letters is no composer")
    func noLetters() {
        #expect(ComposerName("  ") == nil)
        #expect(ComposerName("—, .") == nil)
    }

    @Test("another user's pieces are invisible to every read and refused by every write")
    func ownerOnly() throws {
        let test = try TestServices()
        let owner = try test.services.auth.authenticate(accessToken: test.signIn("owner@example.com").accessToken)
        let other = try test.services.auth.authenticate(accessToken: test.signIn("other@example.com").accessToken)
        let revision = try SheetMusicStore(database: test.database).revision()
        let piece = try Self.create(test, owner, "Zyxwv Etude", composer: "Qwerty Composer")
        #expect(try SheetMusicStore(database: test.database).revision() == revision, "an own piece moved the shared catalogue's revision")
        #expect(try test.services.sheetMusic.piece(id: piece.id, viewer: owner)?.id == piece.id)
        for viewer in [other, Viewer.anonymous] {
            #expect(try test.services.sheetMusic.piece(id: piece.id, viewer: viewer) == nil)
            #expect(try test.services.sheetMusic.pieces(ids: [piece.id], viewer: viewer).isEmpty)
            #expect(try test.services.sheetMusic.pieceSuggestions(prefix: "zyx", limit: nil, viewer: viewer).isEmpty)
            #expect(try test.services.sheetMusic.composerSuggestions(prefix: "qwer", limit: nil, viewer: viewer).isEmpty)
            let mine = try test.services.sheetMusic.list(SheetMusicCriteria(sourceType: .userCreated), page: PageRequest(), viewer: viewer)
            #expect(mine.totalCount == 0)
        }
        let catalogue = try test.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: 100), viewer: owner)
        #expect(!catalogue.items.contains { $0.userID != nil })
        for instrument in Instrument.allCases {
            #expect(try test.services.progress.recommendations(viewer: owner, instrument: instrument, limit: 50).allSatisfy { $0.userID == nil })
        }
        #expect(throws: APIError.self) {
            try test.services.sessions.start(viewer: other, SessionService.Start(
                clientID: nil, requestHash: "h", instrument: .piano, sheetMusicID: piece.id, sessionType: .freePractice))
        }
        #expect(throws: APIError.self) {
            try test.services.repertoire.setStatus(
                viewer: other, clientID: nil, requestHash: "h", sheetMusicID: piece.id, status: .learning, note: nil)
        }
        var star = PieceProgressChanges()
        star.isStarred = true
        #expect(throws: APIError.self) { try test.services.pieces.update(viewer: other, sheetMusicID: piece.id, changes: star) }
        #expect(throws: APIError.self) {
            try test.services.ownPieces.merge(viewer: other, sourceID: piece.id, targetID: catalogue.items[0].id)
        }
        #expect(try test.count("sheet_music", where: "id = ?", piece.id) == 1)
    }

    // PostgreSQL's planner rightly scans tables this small; `make bench` times it on 10,000 pieces.
    @Test("a seed never rewrites a user's piece, even one holding a future catalogue id")
    func squattedCatalogueID() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("squatter@example.com").accessToken)
        var draft = SheetMusicDraft(title: "Mine", instrument: .piano)
        draft.composer = "Someone"
        let mine = try test.services.ownPieces.create(viewer: viewer, clientID: "futureCatalogueIdAAAA", requestHash: "h", draft: draft)
        var catalogue = SheetMusic(
            id: mine.id, title: "A future catalogue piece", composer: "Composer", instruments: [.piano], difficultyLevel: 3,
            sourceType: .publicDomain, createdAt: test.clock.now(), updatedAt: test.clock.now())
        catalogue.userID = nil
        #expect(try SheetMusicStore(database: test.database).upsert(catalogue) == false)
        let stored = try #require(try test.services.sheetMusic.piece(id: mine.id, viewer: viewer))
        #expect(stored.title == "Mine" && stored.userID == mine.userID)
        #expect(try test.services.sheetMusic.piece(id: mine.id, viewer: .anonymous) == nil)
    }

    @Test("autocomplete reads the terms index, never every piece", .enabled(if: TestDatabase.postgresURI == nil))
    func suggestionsUseTheIndex() throws {
        let test = try TestServices()
        let store = SheetMusicStore(database: test.database)
        _ = try store.suggestedPieces(prefixes: ["noct", "op"], leading: "noct", userID: "u", limit: 10)
        let plans = try test.database.query(
            """
            EXPLAIN QUERY PLAN SELECT s.id FROM piece_terms t JOIN sheet_music s ON s.id = t.sheet_music_id
            WHERE t.kind = 'piece' AND t.owner_key IN ('', ?) AND t.term >= ? AND t.term < ? AND s.is_active
            """, [.text("u"), .text("noct"), .text("noct\u{10FFFF}")]) { $0.string(3) ?? "" }
        #expect(plans.contains { $0.contains("SEARCH t USING PRIMARY KEY") }, "\(plans)")
        #expect(!plans.contains { $0.hasPrefix("SCAN") }, "\(plans)")
    }

    @Test("seeding gives catalogue pieces without terms their terms, once")
    func seedingIndexes() throws {
        let test = try TestServices()
        let indexed = try test.count("piece_terms")
        try test.database.run("DELETE FROM piece_terms")
        _ = try Seeder(database: test.database, clock: test.clock).seed()
        #expect(try test.count("piece_terms") == indexed)
        #expect(try SheetMusicStore(database: test.database).indexPiecesWithoutTerms() == 0)
    }

    @Test("merges with random logs, flags and statuses keep derived data equal to a rebuild, and move everything")
    func mergesEqualARebuild() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("merger@example.com").accessToken)
        let userID = try viewer.userID()
        let catalogue = try test.services.sheetMusic.list(SheetMusicCriteria(), page: PageRequest(limit: 4), viewer: .anonymous).items.map(\.id)
        let random = SeededRandom(seed: 77)
        func pick(_ count: Int) -> Int { random.integer(below: count) }
        var own: [String] = []
        var merges = 0
        for step in 0..<300 {
            test.clock.advance(seconds: Int64(60 + pick(3_600)))
            let pieces = catalogue + own
            switch pick(10) {
            case 0, 1:
                own.append(try Self.create(test, viewer, "Piece \(step)", composer: ["bach", "Chopin", nil][pick(3)]).id)
            case 2 where !own.isEmpty:
                var changes = PieceProgressChanges()
                changes.isStarred = pick(2) == 0
                changes.notes = .set("note \(step)")
                _ = try test.services.pieces.update(viewer: viewer, sheetMusicID: pieces[pick(pieces.count)], changes: changes)
            case 3:
                _ = try test.services.repertoire.setStatus(
                    viewer: viewer, clientID: nil, requestHash: "h\(step)", sheetMusicID: pieces[pick(pieces.count)],
                    status: RepertoireStatus.allCases[pick(RepertoireStatus.allCases.count)], note: nil)
            case 4 where own.count > 1:
                let source = own.remove(at: pick(own.count))
                let targets = catalogue + own
                let target = targets[pick(targets.count)]
                let logs = try test.count("practice_logs", where: "sheet_music_id = ?", source)
                let before = try test.count("practice_logs", where: "sheet_music_id = ?", target)
                _ = try test.services.ownPieces.merge(viewer: viewer, sourceID: source, targetID: target)
                #expect(try test.count("practice_logs", where: "sheet_music_id = ?", target) == before + logs)
                for table in ["practice_logs", "practice_sessions", "goals", "user_sheet_music_progress", "repertoire",
                              "repertoire_status_changes", "practice_day_details", "piece_terms", "sheet_music"] {
                    let column = table == "sheet_music" ? "id" : "sheet_music_id"
                    #expect(try test.count(table, where: "\(column) = ?", source) == 0, "\(table) still refers to a merged piece")
                }
                merges += 1
            default:
                var draft = ProgressTests.randomDraft(random, pieces: pieces, now: test.clock.now())
                draft.sheetMusicID = .set(pieces[pick(pieces.count)])
                _ = try test.services.logs.create(viewer: viewer, LogCreation(
                    clientID: nil, requestHash: "h", sessionID: nil, templateID: nil, draft: draft))
            }
        }
        #expect(merges > 10)
        #expect(try test.count("sheet_music", where: "user_id = ?", userID) == own.count)
        let incremental = try ProgressTests.snapshot(test)
        _ = try test.services.progress.rebuild()
        let rebuilt = try ProgressTests.snapshot(test)
        #expect(incremental.count == rebuilt.count)
        for (before, after) in zip(incremental, rebuilt) where before != after {
            Issue.record("incremental \(before)\nrebuilt     \(after)")
        }
    }

    @Test("export and import into another account carry own pieces, with references and terms")
    func exportImport() throws {
        let test = try TestServices()
        let first = try test.services.auth.authenticate(accessToken: test.signIn("first@example.com").accessToken)
        let piece = try Self.create(test, first, "Quodlibet Sketch", composer: "Zed Composer")
        var draft = ProgressTests.randomDraft(SeededRandom(seed: 1), pieces: [piece.id], now: test.clock.now())
        draft.sheetMusicID = .set(piece.id)
        _ = try test.services.logs.create(viewer: first, LogCreation(clientID: nil, requestHash: "h", sessionID: nil, templateID: nil, draft: draft))
        let document = try test.services.users.export(viewer: first)
        let second = try test.services.auth.authenticate(accessToken: test.signIn("second@example.com").accessToken)
        _ = try test.services.users.importData(viewer: second, document: document)
        let found = try test.services.sheetMusic.pieceSuggestions(prefix: "quodl", limit: nil, viewer: second)
        let secondID = try second.userID()
        #expect(found.count == 1 && found[0].id != piece.id && found[0].userID == secondID)
        #expect(try test.count("practice_logs", where: "sheet_music_id = ?", found.first?.id) == 1)
        #expect(try test.services.sheetMusic.pieceSuggestions(prefix: "quodl", limit: nil, viewer: first).map(\.id) == [piece.id])
    }

    /// Adds a piece of the viewer's own.
    static func create(_ test: TestServices, _ viewer: Viewer, _ title: String, composer: String?) throws -> SheetMusic {
        var draft = SheetMusicDraft(title: title, instrument: .piano)
        draft.composer = composer
        return try test.services.ownPieces.create(viewer: viewer, clientID: nil, requestHash: "h", draft: draft)
    }
}
