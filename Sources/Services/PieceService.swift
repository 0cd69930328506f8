import Domain
import Storage

/// A user's relation to catalogue pieces: statistics from their logs, and their own flags.
public struct PieceService: Sendable {
    private let database: Database
    private let store: PieceProgressStore
    private let pieces: SheetMusicStore

    /// Creates the service.
    public init(database: Database, cipher: FieldCipher, random: any RandomSource) {
        self.database = database
        store = PieceProgressStore(database: database, cipher: cipher, random: random)
        pieces = SheetMusicStore(database: database)
    }

    /// The user's pieces narrowed by flags.
    public func pieces(viewer: Viewer, starred: Bool?, bookmarked: Bool?, completed: Bool?) throws -> [PieceProgress] {
        try store.list(userID: viewer.userID(), starred: starred, bookmarked: bookmarked, completed: completed)
    }

    /// The viewer's progress on pieces, keyed by piece id; empty for anonymous viewers.
    public func progress(sheetMusicIDs: [String], viewer: Viewer) throws -> [String: PieceProgress] {
        if case .anonymous = viewer { return [:] }
        return try store.find(sheetMusicIDs: sheetMusicIDs, userID: viewer.userID())
    }

    /// Stars, bookmarks, completes, rates or annotates a piece.
    public func update(viewer: Viewer, sheetMusicID: String, changes: PieceProgressChanges) throws -> PieceProgress {
        let userID = try viewer.userID()
        try PracticeRules.check("difficultyRating", changes.difficultyRating.applied(to: nil), in: 1...5, "difficultyRating")
        try PracticeRules.checkText("notes", changes.notes.applied(to: nil), limit: PracticeRules.maxNotes)
        return try database.transaction(lockingUsers: [userID]) { _ in
            guard try pieces.find(id: sheetMusicID, visibleTo: userID) != nil else {
                throw APIError(.notFound, "There is no piece with this id.")
            }
            var progress = try store.find(sheetMusicIDs: [sheetMusicID], userID: userID)[sheetMusicID]
                ?? PieceProgress(sheetMusicID: sheetMusicID, userID: userID)
            if let flag = changes.isCompleted { progress.isCompleted = flag }
            if let flag = changes.isStarred { progress.isStarred = flag }
            if let flag = changes.isBookmarked { progress.isBookmarked = flag }
            progress.difficultyRating = changes.difficultyRating.applied(to: progress.difficultyRating)
            progress.notes = changes.notes.applied(to: progress.notes)
            try store.saveFlags(progress)
            return try store.find(sheetMusicIDs: [sheetMusicID], userID: userID)[sheetMusicID] ?? progress
        }
    }
}
