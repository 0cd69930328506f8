import Domain
import Services
import Storage
import Testing

@Suite("Catalogue and seeding")
struct CatalogueTests {
    private let now = TestDatabase.now

    @Test("the catalogue has real repertoire for both instruments")
    func repertoire() throws {
        let pieces = try Catalogue.pieces(createdAt: now)
        #expect(pieces.count >= 40)
        #expect(pieces.filter { $0.instruments == [.piano] }.count >= 20)
        #expect(pieces.filter { $0.instruments == [.guitar] }.count >= 20)
        #expect(pieces.filter { $0.notationData != nil }.count >= 10)
        #expect(Set(pieces.map(\.id)).count == pieces.count)
        for piece in pieces {
            #expect(piece.composer?.isEmpty == false, "\(piece.title) has no composer")
            #expect((1...10).contains(piece.difficultyLevel))
            #expect(piece.stylePeriod != nil, "\(piece.title) has no style period")
            #expect(piece.keySignature != nil && piece.timeSignature != nil && piece.tempoMarking != nil)
        }
    }

    @Test("every notated measure adds up to its time signature")
    func measuresAddUp() throws {
        let pieces = try Catalogue.pieces(createdAt: now) + ExerciseGenerator().exercises(createdAt: now)
        for piece in pieces {
            for measure in try piece.measures() where measure.number > 0 {
                let parts = measure.timeSignature.split(separator: "/").compactMap { Double($0) }
                let length = parts.count == 2 ? parts[0] * 4 / parts[1] : 0
                for staff in Set(measure.notes.map(\.staff)) {
                    let notes = measure.notes.filter { $0.staff == staff }
                    let total = notes.reduce(0) { $0 + $1.beats }
                    #expect(abs(total - length) < 1e-9, "\(piece.title) m.\(measure.number) staff \(staff): \(total) of \(length)")
                    var expectedOffset = 0.0
                    for note in notes {
                        #expect(abs(note.offset - expectedOffset) < 1e-9, "\(piece.title) m.\(measure.number): offset \(note.offset)")
                        expectedOffset += note.beats
                        #expect(note.keys.allSatisfy { $0.wholeMatch(of: /[a-g](#|##|b|bb|n)?\/[0-9]/) != nil }, "\(note.keys)")
                    }
                }
            }
        }
    }

    @Test("the exercise generator is deterministic and covers every level")
    func generator() throws {
        let first = ExerciseGenerator().exercises(createdAt: now)
        let second = ExerciseGenerator().exercises(createdAt: now)
        #expect(first == second)
        for instrument in Instrument.allCases {
            #expect(Set(first.filter { $0.instruments == [instrument] }.map(\.difficultyLevel)) == Set(1...10))
        }
        #expect(first.allSatisfy { $0.sourceType == .generated && $0.notationData != nil })
        // Piano exercises from level 3 have a bass staff.
        let pianoLevel3 = first.first { $0.instruments == [.piano] && $0.difficultyLevel == 3 }
        #expect(try pianoLevel3?.measures().first?.notes.contains { $0.staff == 2 } == true)
    }

    @Test("scales spell accidentals of the key")
    func generatedKeys() throws {
        for exercise in ExerciseGenerator().exercises(createdAt: now) {
            let measures = try exercise.measures()
            let notes = measures.flatMap(\.notes).filter { !$0.isRest }.flatMap(\.keys)
            switch measures.first?.keySignature {
            case "G": #expect(!notes.contains { $0.hasPrefix("f/") }, "G major must spell F#")
            case "F": #expect(!notes.contains { $0.hasPrefix("b/") }, "F major must spell Bb")
            case "C", "Am": #expect(notes.allSatisfy { !$0.contains("#") && !$0.dropFirst().hasPrefix("b") })
            default: break
            }
        }
    }

    @Test("a database from before the folded order gets its titles' keys filled")
    func titleKeysFilled() throws {
        let database = try Database(path: TestDatabase.makeFolder() + "/keys.db")
        try Migrator().migrate(database)
        try Seeder(database: database, clock: FixedClock(now)).seed()
        // As a database migrated across 0012 holds them: rows written before the column existed.
        let total = try database.run("UPDATE sheet_music SET title_key = ''")
        #expect(try SheetMusicStore(database: database).fillTitleKeys() == total)
        #expect(try database.first("SELECT count(*) FROM sheet_music WHERE title_key = ''") { $0.integer(0) } == 0)
        #expect(try database.first("SELECT title_key FROM sheet_music WHERE title = 'Lágrima'") { $0.string(0) } == "lagrima")
    }

    @Test("seeding twice changes nothing")
    func idempotentSeed() throws {
        let database = try Database(path: TestDatabase.makeFolder() + "/seed.db")
        try Migrator().migrate(database)
        let first = try Seeder(database: database, clock: FixedClock(now)).seed()
        #expect(first.written == first.total)
        let stamp = try database.first("SELECT max(updated_at), count(*) FROM sheet_music") { "\($0.string(0) ?? "")/\($0.integer(1) ?? 0)" }
        let second = try Seeder(database: database, clock: FixedClock(now.adding(seconds: 3600))).seed()
        #expect(second.written == 0)
        #expect(try database.first("SELECT max(updated_at), count(*) FROM sheet_music") { "\($0.string(0) ?? "")/\($0.integer(1) ?? 0)" } == stamp)
    }
}

@Suite("Sheet-music service")
struct SheetMusicServiceTests {
    private func service() throws -> SheetMusicService {
        let paths = try TestDatabase.freshCopy()
        return SheetMusicService(store: SheetMusicStore(database: try Database(DatabaseLocation(paths.database))), random: SeededRandom(seed: 1), cursors: CursorCodec(secret: Array(repeating: 7, count: 32)))
    }

    @Test("filters combine and order is stable")
    func filters() throws {
        let service = try service()
        let page = try service.list(SheetMusicCriteria(instrument: .piano, difficulty: .beginner), page: PageRequest(limit: 100), viewer: .anonymous)
        #expect(page.totalCount == page.items.count)
        #expect(page.items.allSatisfy { $0.instruments.contains(.piano) && (1...3).contains($0.difficultyLevel) })
        let titles = page.items.map(\.title)
        #expect(titles == titles.sorted { TextFolding.fold($0) < TextFolding.fold($1) })
    }

    @Test("the catalogue's order ignores case and accents: an Étude stands among the E's")
    func foldedOrder() throws {
        let service = try service()
        let titles = try service.list(SheetMusicCriteria(instrument: .guitar), page: PageRequest(limit: 100), viewer: .anonymous).items.map(\.title)
        #expect(titles == titles.sorted { (TextFolding.fold($0), $0) < (TextFolding.fold($1), $1) })
        let etude = try #require(titles.firstIndex { $0.hasPrefix("Étude") })
        #expect(etude > 0 && titles[etude - 1].uppercased() < "F" && !titles.last!.hasPrefix("É"), "\(titles)")
    }

    @Test("paging by offset and by cursor give the same items")
    func paging() throws {
        let service = try service()
        let all = try service.list(SheetMusicCriteria(), page: PageRequest(limit: 100), viewer: .anonymous).items.map(\.id)
        let byOffset = try service.list(SheetMusicCriteria(), page: PageRequest(limit: 7, offset: 7), viewer: .anonymous).items.map(\.id)
        let first = try service.list(SheetMusicCriteria(), page: PageRequest(limit: 7), viewer: .anonymous)
        let byCursor = try service.list(SheetMusicCriteria(), page: PageRequest(limit: 7, after: first.cursors.last), viewer: .anonymous).items.map(\.id)
        #expect(byOffset == Array(all[7..<14]))
        #expect(byCursor == byOffset)
    }

    @Test("search ignores case and accents and needs every word")
    func search() throws {
        let service = try service()
        let found = try service.list(SheetMusicCriteria(search: "FÜR elise"), page: PageRequest(), viewer: .anonymous)
        #expect(found.items.map(\.title) == ["Für Elise"])
        #expect(try service.list(SheetMusicCriteria(search: "für nonsense"), page: PageRequest(), viewer: .anonymous).totalCount == 0)
        #expect(try service.list(SheetMusicCriteria(composer: "burgmuller"), page: PageRequest(), viewer: .anonymous).totalCount > 0)
    }

    @Test("random picks honour the filter and vary")
    func random() throws {
        let service = try service()
        let picks = try (0..<30).compactMap { _ in try service.randomPiece(instrument: .guitar, difficulty: .advanced) }
        #expect(picks.count == 30)
        #expect(picks.allSatisfy { $0.instruments.contains(.guitar) && $0.difficultyLevel >= 8 })
        #expect(Set(picks.map(\.id)).count > 1)
    }

    @Test("bad filters are rejected with the field named")
    func validation() throws {
        let service = try service()
        let error = #expect(throws: APIError.self) {
            try service.list(SheetMusicCriteria(minDifficultyLevel: 0), page: PageRequest(), viewer: .anonymous)
        }
        #expect(error?.code == .badUserInput)
        #expect(error?.extensions["field"] == .string("filter.minDifficultyLevel"))
        #expect(throws: APIError.self) {
            try service.list(SheetMusicCriteria(search: String(repeating: "a", count: 201)), page: PageRequest(), viewer: .anonymous)
        }
        #expect(throws: APIError.self) {
            try service.list(SheetMusicCriteria(tags: (0..<11).map(String.init)), page: PageRequest(), viewer: .anonymous)
        }
    }
}
