import Domain
import Storage

/// Loads the catalogue and the generated exercises into `sheet_music`, idempotently:
/// a second run with the same build changes nothing.
public struct Seeder: Sendable {
    /// What a seeding run did.
    public struct Report: Sendable, Equatable {
        /// Pieces in the catalogue and generator.
        public var total: Int
        /// Pieces inserted or updated.
        public var written: Int
    }

    private let database: Database
    private let clock: any Clock

    /// Creates a seeder over a migrated database.
    public init(database: Database, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    /// Seeds every piece in one transaction.
    @discardableResult
    public func seed() throws -> Report {
        let now = clock.now()
        let pieces = try Catalogue.pieces(createdAt: now) + ExerciseGenerator().exercises(createdAt: now)
        let store = SheetMusicStore(database: database)
        let written = try database.transaction { _ in
            let written = try pieces.reduce(0) { count, piece in count + (try store.upsert(piece) ? 1 : 0) }
            // Pieces seeded before autocomplete existed get their terms now (an upsert that
            // changes nothing writes none).
            try store.indexPiecesWithoutTerms()
            // And pieces written before the catalogue ordered by folded titles get theirs.
            try store.fillTitleKeys()
            return written
        }
        return Report(total: pieces.count, written: written)
    }
}
