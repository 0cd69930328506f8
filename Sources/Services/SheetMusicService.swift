import Domain
import Storage

/// The sheet-music catalogue: listing with filters, single pieces and random picks, and the
/// viewer's own pieces beside it. Catalogue lists and pieces are cached in the KV store for
/// `cacheTTL` seconds under the catalogue's revision, which every change to a catalogue piece
/// moves on (a user's own piece does not).
public struct SheetMusicService: Sendable {
    /// Seconds a cached catalogue read lives.
    public static let cacheTTL = 3_600
    /// Longest accepted free-text search or composer fragment, in characters.
    public static let maxTextLength = 200
    /// Most tags or search words accepted in one filter.
    public static let maxTerms = 10

    let store: SheetMusicStore
    private let random: any RandomSource
    private let cache: KVCache?
    private let cursors: CursorCodec

    /// Creates the service over a store and, optionally, a cache; `cursors` signs list cursors.
    public init(store: SheetMusicStore, random: any RandomSource, cache: KVCache? = nil, cursors: CursorCodec) {
        self.store = store
        self.random = random
        self.cache = cache
        self.cursors = cursors
    }

    /// A page of pieces matching `criteria`, in a stable order: the curated catalogue, or with
    /// `sourceType` USER_CREATED the viewer's own pieces (none for nobody signed in). Catalogue
    /// pages are shared by every user, in the cache; a user's own pages never enter it.
    public func list(_ criteria: SheetMusicCriteria, page: PageRequest, viewer: Viewer) throws -> Page<SheetMusic> {
        var filter = try Self.filter(for: criteria)
        let (limit, start) = try page.resolved(list: Self.listName, keyCount: SheetMusicStore.order.keyCount, cursors: cursors)
        if filter.sourceType == .userCreated {
            guard let userID = viewer.signedInUserID else { return Page(items: [], totalCount: 0, hasNextPage: false, hasPreviousPage: false) }
            filter.ownerID = userID
            return try store.list(filter, limit: limit, start: start).withCursors(list: Self.listName, codec: cursors)
        }
        let place = switch start {
        case .offset(let offset): "o\(offset)"
        case .after(let key): "k" + KVCache.digest(key)
        }
        return try cached("list:\(KVCache.digest(filter.cacheKeyParts)):\(limit):\(place)") { try store.list(filter, limit: limit, start: start) }
            .withCursors(list: Self.listName, codec: cursors)
    }

    /// The name list cursors of the catalogue carry, so no other list accepts them.
    private static let listName = "sheetMusic"

    /// One piece by id the viewer may see, or nil: a catalogue piece (from the shared cache) or
    /// one of their own (never cached, so no other user's read can meet it).
    public func piece(id: String, viewer: Viewer) throws -> SheetMusic? {
        if let piece = try cached("piece:\(KVCache.digest([id]))", compute: { try store.find(id: id, visibleTo: nil) }) { return piece }
        guard let userID = viewer.signedInUserID else { return nil }
        return try store.find(id: id, visibleTo: userID)
    }

    private func cached<Value: Codable & Sendable>(_ key: String, compute: () throws -> Value) throws -> Value {
        guard let cache else { return try compute() }
        return try cache.value("sheet:\(try store.revision()):\(key)", ttl: Self.cacheTTL, compute: compute)
    }

    /// Pieces by id that the viewer may see (the batched load for lists that refer to pieces).
    public func pieces(ids: [String], viewer: Viewer) throws -> [String: SheetMusic] {
        try pieces(ids: ids, visibleTo: viewer.signedInUserID)
    }

    /// Pieces by id that the owner of the access sees (the catalogue and their own): what a
    /// teacher sees of the pieces in a student's practice.
    public func pieces(ids: [String], of access: ReadAccess) throws -> [String: SheetMusic] {
        try pieces(ids: ids, visibleTo: access.userID)
    }

    private func pieces(ids: [String], visibleTo userID: String?) throws -> [String: SheetMusic] {
        Dictionary(try store.find(ids: Array(Set(ids)), visibleTo: userID).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A uniformly random piece for an instrument (and difficulty), or nil when none match.
    public func randomPiece(instrument: Instrument, difficulty: Difficulty?) throws -> SheetMusic? {
        let filter = try Self.filter(for: SheetMusicCriteria(instrument: instrument, difficulty: difficulty))
        let total = try store.count(filter)
        guard total > 0 else { return nil }
        return try store.list(filter, limit: 1, start: .offset(random.integer(below: total))).items.first
    }

    /// Validates criteria and turns them into a storage filter (levels intersected, text folded).
    static func filter(for criteria: SheetMusicCriteria) throws(APIError) -> SheetMusicFilter {
        for (field, level) in [("minDifficultyLevel", criteria.minDifficultyLevel), ("maxDifficultyLevel", criteria.maxDifficultyLevel)] {
            if let level, !(1...10).contains(level) {
                throw .invalid("filter.\(field)", "\(field) must be between 1 and 10.")
            }
        }
        var minimum = criteria.minDifficultyLevel
        var maximum = criteria.maxDifficultyLevel
        if let group = criteria.difficulty?.levels {
            minimum = max(minimum ?? group.lowerBound, group.lowerBound)
            maximum = min(maximum ?? group.upperBound, group.upperBound)
        }
        if let criteriaMin = criteria.minDifficultyLevel, let criteriaMax = criteria.maxDifficultyLevel, criteriaMin > criteriaMax {
            throw .invalid("filter.minDifficultyLevel", "minDifficultyLevel must not exceed maxDifficultyLevel.")
        }
        for (field, text) in [("composer", criteria.composer), ("search", criteria.search), ("gradeLevel", criteria.gradeLevel)] {
            if let text, text.count > maxTextLength {
                throw .invalid("filter.\(field)", "\(field) must be at most \(maxTextLength) characters.")
            }
        }
        let words = criteria.search.map(TextFolding.words) ?? []
        guard words.count <= maxTerms, criteria.tags.count <= maxTerms else {
            throw .invalid("filter", "Give at most \(maxTerms) tags and \(maxTerms) search words.")
        }
        let composer = criteria.composer.map(TextFolding.fold)?.trimmingSpaces
        return SheetMusicFilter(
            instrument: criteria.instrument, minDifficultyLevel: minimum, maxDifficultyLevel: maximum,
            stylePeriod: criteria.stylePeriod, gradeLevel: criteria.gradeLevel,
            composer: composer?.isEmpty == true ? nil : composer,
            tags: criteria.tags.map { $0.lowercased() }, searchWords: words, sourceType: criteria.sourceType)
    }
}

extension String {
    /// The string without leading and trailing white space.
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
