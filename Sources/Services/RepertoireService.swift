import Domain
import Foundation
import Storage

/// A musician's repertoire: statuses with their history, reference links, and the practice on
/// each piece (kept current by `ProgressTracker` in every log write's transaction).
public struct RepertoireService: Sendable {
    /// The most links a piece keeps.
    public static let maxLinks = 20
    /// The longest link title and status note.
    public static let maxText = 500

    private let database: Database
    private let store: RepertoireStore
    private let pieces: SheetMusicStore
    private let cursors: CursorCodec
    private let clock: any Clock
    private let random: any RandomSource

    /// Creates the service.
    public init(database: Database, cursors: CursorCodec, clock: any Clock, random: any RandomSource) {
        self.database = database
        store = RepertoireStore(database: database)
        pieces = SheetMusicStore(database: database)
        self.cursors = cursors
        self.clock = clock
        self.random = random
    }

    /// A page of the signed-in user's repertoire.
    public func repertoire(viewer: Viewer, status: RepertoireStatus?, instrument: Instrument?, order: RepertoireOrder, page: PageRequest) throws
        -> Page<RepertoireItem> {
        try repertoire(of: ReadAccess(viewer: viewer), status: status, instrument: instrument, order: order, page: page)
    }

    /// A page of the repertoire the access reaches.
    public func repertoire(of access: ReadAccess, status: RepertoireStatus?, instrument: Instrument?, order: RepertoireOrder, page: PageRequest)
        throws -> Page<RepertoireItem> {
        let userID = access.userID
        let list = "repertoire.\(order.rawValue)"
        let (limit, start) = try page.resolved(list: list, keyCount: RepertoireStore.listOrder(order).keyCount, cursors: cursors)
        return try store.list(userID: userID, status: status, instrument: instrument, order: order, limit: limit, start: start)
            .withCursors(list: list, codec: cursors)
    }

    /// The signed-in user's entry for a piece, or nil.
    public func item(viewer: Viewer, sheetMusicID: String) throws -> RepertoireItem? {
        try store.find(sheetMusicID: sheetMusicID, userID: viewer.userID())
    }

    /// The status histories of some of the viewer's pieces, oldest move first.
    public func histories(viewer: Viewer, sheetMusicIDs: [String]) throws -> [String: [RepertoireStatusChange]] {
        try histories(of: ReadAccess(viewer: viewer), sheetMusicIDs: sheetMusicIDs)
    }

    /// The status histories of pieces in a repertoire the access reaches.
    public func histories(of access: ReadAccess, sheetMusicIDs: [String]) throws -> [String: [RepertoireStatusChange]] {
        try store.history(sheetMusicIDs: sheetMusicIDs, userID: access.userID)
    }

    /// Moves a piece to `status`, adding it to the repertoire if needed, with an optional note.
    /// A move with a client id is safe to replay: the same id with the same request answers the
    /// entry as it is; with other content it is `CONFLICT`. Moving to the current status records
    /// nothing.
    public func setStatus(
        viewer: Viewer, clientID: String?, requestHash: String, sheetMusicID: String, status: RepertoireStatus, note: String?
    ) throws -> RepertoireItem {
        let userID = try viewer.userID()
        try PracticeRules.checkClientID(clientID)
        try PracticeRules.checkText("note", note, limit: Self.maxText)
        return try database.transaction(lockingUsers: [userID]) { _ in
            if let stored = try PracticeRules.replay(
                clientID: clientID, requestHash: requestHash, find: { try store.change(id: $0, userID: userID) },
                hash: \.requestHash, exists: store.changeExists(id:)
            ) {
                guard let item = try store.find(sheetMusicID: stored.sheetMusicID, userID: userID) else {
                    throw APIError(.notFound, "The piece is no longer in the repertoire.", extensions: ["field": .string("sheetMusicId")])
                }
                return item
            }
            let now = clock.now()
            var item: RepertoireItem
            let from: RepertoireStatus?
            if let existing = try store.find(sheetMusicID: sheetMusicID, userID: userID) {
                guard existing.status != status else { return existing }
                (item, from) = (existing, existing.status)
            } else {
                guard try pieces.find(id: sheetMusicID, visibleTo: userID) != nil else {
                    throw APIError(.notFound, "There is no piece with this id.", extensions: ["field": .string("sheetMusicId")])
                }
                let added = RepertoireItem(
                    userID: userID, sheetMusicID: sheetMusicID, status: status, statusChangedAt: now, createdAt: now, updatedAt: now)
                try store.insert(added)
                // Read back for the practice figures the refresh derives (earlier logs of the piece).
                try store.refreshPractice(userID: userID, sheetMusicIDs: [sheetMusicID])
                (item, from) = (try store.find(sheetMusicID: sheetMusicID, userID: userID) ?? added, nil)
            }
            try store.append(
                RepertoireStatusChange(
                    id: clientID ?? Nanoid.make(using: random), sheetMusicID: sheetMusicID, fromStatus: from, toStatus: status, note: note,
                    changedAt: now, requestHash: requestHash),
                userID: userID)
            item.status = status
            item.statusChangedAt = now
            // A piece added by this move keeps updatedAt equal to when it was added.
            if from != nil { item.updatedAt = Timestamp.stamp(now, after: item.updatedAt) }
            try store.update(item)
            return item
        }
    }

    /// Replaces a piece's reference links (each an http or https URL with a title).
    public func setLinks(viewer: Viewer, sheetMusicID: String, links: [ReferenceLink]) throws -> RepertoireItem {
        let userID = try viewer.userID()
        guard links.count <= Self.maxLinks else { throw APIError.invalid("links", "A piece keeps at most \(Self.maxLinks) links.") }
        for (index, link) in links.enumerated() {
            let title = link.title.trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty, title.count <= Self.maxText, !title.unicodeScalars.contains(where: PracticeRules.isRefusedControl) else {
                throw APIError.invalid("links", "Link \(index + 1)'s title must be 1 to \(Self.maxText) characters without control characters.")
            }
            guard WebURL.isValid(link.url) else { throw APIError.invalid("links", "Link \(index + 1)'s url must be an http or https URL.") }
        }
        return try database.transaction(lockingUsers: [userID]) { _ in
            guard var item = try store.find(sheetMusicID: sheetMusicID, userID: userID) else {
                throw APIError(.notFound, "The piece is not in your repertoire.", extensions: ["field": .string("sheetMusicId")])
            }
            item.links = links
            item.updatedAt = Timestamp.stamp(clock.now(), after: item.updatedAt)
            try store.update(item)
            return item
        }
    }

    /// Removes a piece and its history from the repertoire (its logs stay). Logging the piece
    /// again adds it back as LEARNING.
    public func remove(viewer: Viewer, sheetMusicID: String) throws {
        let userID = try viewer.userID()
        try database.transaction(lockingUsers: [userID]) { _ in
            guard try store.delete(sheetMusicID: sheetMusicID, userID: userID) else {
                throw APIError(.notFound, "The piece is not in your repertoire.", extensions: ["field": .string("sheetMusicId")])
            }
        }
    }
}
