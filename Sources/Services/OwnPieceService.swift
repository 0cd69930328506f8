import Domain
import Storage

/// The pieces users add for themselves (`createSheetMusic`) and the merge of a duplicate into
/// another piece (`mergeSheetMusic`). A user's piece is `user_created`, seen by its owner only,
/// with its composer stored in one spelling (`ComposerName`).
public struct OwnPieceService: Sendable {
    /// Most pieces of their own a user keeps.
    public static let maxPieces = 10_000
    /// Longest title or composer, and longest other text field, in characters.
    public static let maxTitleLength = 200, maxFieldLength = 100
    /// Most tags on a piece, and the longest tag.
    public static let maxTags = 20, maxTagLength = 40

    private let database: Database
    private let store: SheetMusicStore
    private let merges: PieceMergeStore
    private let progress: PieceProgressStore
    private let repertoire: RepertoireStore
    private let tracker: ProgressTracker
    private let clock: any Clock
    private let random: any RandomSource

    /// Creates the service.
    public init(database: Database, cipher: FieldCipher, clock: any Clock, random: any RandomSource) {
        self.database = database
        store = SheetMusicStore(database: database)
        merges = PieceMergeStore(database: database)
        progress = PieceProgressStore(database: database, cipher: cipher, random: random)
        repertoire = RepertoireStore(database: database)
        tracker = ProgressTracker(database: database)
        self.clock = clock
        self.random = random
    }

    /// Adds a piece of the viewer's own; a replay with the same client id and content returns
    /// the stored one, the same id with other content is `CONFLICT`.
    public func create(viewer: Viewer, clientID: String?, requestHash: String, draft: SheetMusicDraft) throws -> SheetMusic {
        let userID = try viewer.userID()
        try PracticeRules.checkClientID(clientID)
        let checked = try Self.checked(draft)
        return try database.transaction(lockingUsers: [userID]) { _ in
            if let stored = try PracticeRules.replay(
                clientID: clientID, requestHash: requestHash,
                find: { id in try store.find(id: id, visibleTo: userID).flatMap { $0.userID == userID ? $0 : nil } },
                hash: \.createHash, exists: store.exists(id:)
            ) { return stored }
            guard try store.count(SheetMusicFilter(ownerID: userID)) < Self.maxPieces else {
                throw APIError.invalid("input", "You can keep at most \(Self.maxPieces) pieces of your own.")
            }
            let now = clock.now()
            let composer = try checked.composer.flatMap(ComposerName.init).map { name in
                name.canonical(among: try store.composers(withTerm: name.key.surname, userID: userID))
            }
            let piece = SheetMusic(
                id: clientID ?? Nanoid.make(using: random), title: checked.title, composer: composer, opus: checked.opus,
                catalogNumber: checked.catalogNumber, instruments: [checked.instrument], difficultyLevel: checked.difficultyLevel ?? 1,
                gradeLevel: checked.gradeLevel, durationSeconds: checked.durationSeconds, timeSignature: checked.timeSignature,
                keySignature: checked.keySignature, tempoMarking: checked.tempoMarking, suggestedTempo: checked.suggestedTempo,
                stylePeriod: checked.stylePeriod, tags: checked.tags, sourceType: .userCreated, userID: userID,
                createHash: requestHash, createdAt: now, updatedAt: now)
            try store.upsert(piece)
            return piece
        }
    }

    /// Merges one of the viewer's own pieces into another piece they can see (their own or the
    /// catalogue's), in one transaction: logs, sessions and goals point at the target, progress
    /// flags and notes combine, the repertoire entry and its history move (the status changed
    /// last wins), derived data follows, and the source is deleted. Answers the target.
    public func merge(viewer: Viewer, sourceID: String, targetID: String) throws -> SheetMusic {
        let userID = try viewer.userID()
        guard sourceID != targetID else { throw APIError.invalid("targetId", "A piece cannot be merged into itself.") }
        return try database.transaction(lockingUsers: [userID]) { _ in
            guard let source = try store.find(id: sourceID, visibleTo: userID), source.userID == userID else {
                throw APIError(.notFound, "You have no piece of your own with this id.", extensions: ["field": .string("sourceId")])
            }
            guard let target = try store.find(id: targetID, visibleTo: userID) else {
                throw APIError(.notFound, "There is no piece with this id.", extensions: ["field": .string("targetId")])
            }
            let now = clock.now()
            let days = try merges.logDays(sheetMusicID: sourceID, userID: userID)
            try merges.moveReferences(from: sourceID, to: targetID, userID: userID, now: now)
            try mergeProgress(from: sourceID, into: targetID, userID: userID)
            try mergeRepertoire(from: sourceID, into: targetID, userID: userID, now: now)
            try tracker.logsMoved(to: targetID, days: days, userID: userID, now: now)
            try merges.deletePiece(id: sourceID, userID: userID)
            return target
        }
    }

    /// The flags combine (either piece's mark counts), the target's rating wins, notes join;
    /// the statistics are recomputed from the moved logs.
    private func mergeProgress(from source: String, into target: String, userID: String) throws {
        let rows = try progress.find(sheetMusicIDs: [source, target], userID: userID)
        if let from = rows[source] {
            var into = rows[target] ?? PieceProgress(sheetMusicID: target, userID: userID)
            into.isCompleted = into.isCompleted || from.isCompleted
            into.isStarred = into.isStarred || from.isStarred
            into.isBookmarked = into.isBookmarked || from.isBookmarked
            into.difficultyRating = into.difficultyRating ?? from.difficultyRating
            let notes = [into.notes, from.notes].compactMap { $0 }.joined(separator: "\n\n")
            into.notes = notes.isEmpty ? nil : notes
            try progress.saveFlags(into)
            try progress.delete(sheetMusicID: source, userID: userID)
        }
        try progress.refresh(sheetMusicID: target, userID: userID)
    }

    /// The source's entry becomes the target's, or joins it: the status changed last wins, links
    /// are united, the histories are one.
    private func mergeRepertoire(from source: String, into target: String, userID: String, now: Timestamp) throws {
        guard let from = try repertoire.find(sheetMusicID: source, userID: userID) else { return }
        if var into = try repertoire.find(sheetMusicID: target, userID: userID) {
            if from.statusChangedAt > into.statusChangedAt { (into.status, into.statusChangedAt) = (from.status, from.statusChangedAt) }
            let known = Set(into.links.map(\.url))
            into.links += from.links.filter { !known.contains($0.url) }.prefix(max(0, RepertoireService.maxLinks - into.links.count))
            into.updatedAt = Timestamp.stamp(now, after: into.updatedAt)
            try repertoire.update(into)
        } else {
            var moved = from
            moved.sheetMusicID = target
            moved.updatedAt = now
            try repertoire.insert(moved)
        }
        try merges.moveHistory(from: source, to: target, userID: userID)
        _ = try repertoire.delete(sheetMusicID: source, userID: userID)
    }
}
