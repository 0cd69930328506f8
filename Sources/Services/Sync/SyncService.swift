import Domain
import Storage

/// The change feed an offline client syncs from: every record of the user created, changed or
/// deleted since its cursor, once each (its latest change), in commit order, with its current
/// state. The triggers of migration 0010 write the feed in every write's own transaction.
public struct SyncService: Sendable {
    /// The default page, and the largest.
    public static let defaultLimit = 100, maxLimit = 500

    private let changes: ChangeStore
    private let logs: LogStore
    private let sessions: SessionStore
    private let templates: TemplateStore
    private let plans: PlanStore
    private let repertoire: RepertoireStore
    private let pieces: PieceProgressStore
    private let users: UserStore
    private let sheetMusic: SheetMusicStore
    private let goals: GoalService
    private let comments: CommentStore
    private let cursors: CursorCodec

    /// Creates the service.
    public init(database: Database, cipher: FieldCipher, random: any RandomSource, goals: GoalService, cursors: CursorCodec) {
        changes = ChangeStore(database: database)
        logs = LogStore(database: database, cipher: cipher)
        sessions = SessionStore(database: database, cipher: cipher)
        templates = TemplateStore(database: database)
        plans = PlanStore(database: database)
        repertoire = RepertoireStore(database: database)
        pieces = PieceProgressStore(database: database, cipher: cipher, random: random)
        users = UserStore(database: database)
        sheetMusic = SheetMusicStore(database: database)
        self.goals = goals
        comments = CommentStore(database: database, cipher: cipher)
        self.cursors = cursors
    }

    /// The viewer's changes after `since` (from the start when nil: a full sync), at most
    /// `limit`. A cursor another user's feed issued is BAD_USER_INPUT; one older than the kept
    /// tombstones is SYNC_CURSOR_EXPIRED, and the client then syncs in full.
    public func changes(viewer: Viewer, since: String?, limit: Int?) throws -> ChangeFeed {
        let userID = try viewer.userID()
        let limit = try PageRequest.checkedLimit(limit, default: Self.defaultLimit, max: Self.maxLimit)
        let list = "changes:\(userID)"
        var after: Int64 = 0
        if let since {
            guard let key = cursors.sortKey(of: since, list: list, count: 1), let seq = Int64(key[0]) else {
                throw APIError.invalid("since", "since is not a cursor of your change feed.")
            }
            after = seq
        }
        let head = try changes.head(userID: userID)
        if since != nil, after < head.prunedThrough {
            throw APIError(
                .syncCursorExpired, "Changes this old are no longer kept: sync again from the start (since: null).",
                extensions: ["field": .string("since")])
        }
        var entries = try changes.entries(userID: userID, after: after, limit: limit + 1)
        let hasMore = entries.count > limit
        if hasMore { entries.removeLast() }
        // A full page continues after its last entry; the last page, from the head it was read at.
        let position = hasMore ? (entries.last?.seq ?? after) : max(head.seq, entries.last?.seq ?? after)
        let nodes = try self.nodes(of: entries, viewer: viewer, userID: userID)
        return ChangeFeed(
            changes: entries.map { entry in
                ChangeFeed.Change(entry: entry, node: entry.deleted ? nil : nodes["\(entry.entity.rawValue) \(entry.id)"])
            },
            cursor: cursors.make(list: list, key: [String(position)]), hasMore: hasMore)
    }

    /// One record's change as it is now (a live delivery of `myChanges`): its state, or a
    /// tombstone when it no longer exists.
    public func change(viewer: Viewer, entity: ChangedEntity, id: String) throws -> ChangeFeed.Change {
        let userID = try viewer.userID()
        let entry = ChangeEntry(seq: 0, entity: entity, id: id, deleted: false)
        let node = try nodes(of: [entry], viewer: viewer, userID: userID)["\(entity.rawValue) \(id)"]
        return ChangeFeed.Change(entry: ChangeEntry(seq: 0, entity: entity, id: id, deleted: node == nil), node: node)
    }

    /// The current state of the changed records, by "entity id". A record missing here was
    /// deleted after the entry was read: its tombstone follows in a later page.
    private func nodes(of entries: [ChangeEntry], viewer: Viewer, userID: String) throws -> [String: ChangeFeed.Node] {
        var nodes: [String: ChangeFeed.Node] = [:]
        let live = entries.filter { !$0.deleted }
        func ids(_ entity: ChangedEntity) -> [String] { live.filter { $0.entity == entity }.map(\.id) }
        for (id, log) in try logs.find(ids: ids(.practiceLog), userID: userID) { nodes["log \(id)"] = .log(log) }
        for (id, session) in try sessions.find(ids: ids(.practiceSession), userID: userID) { nodes["session \(id)"] = .session(session) }
        for id in ids(.practiceTemplate) {
            if let template = try templates.find(id: id, userID: userID) { nodes["template \(id)"] = .template(template) }
        }
        let goalIDs = Set(ids(.goal))
        if !goalIDs.isEmpty {
            for status in try goals.goals(viewer: viewer, includeCompleted: true) where goalIDs.contains(status.goal.id) {
                nodes["goal \(status.goal.id)"] = .goal(status)
            }
        }
        for id in ids(.repertoireItem) {
            if let item = try repertoire.find(sheetMusicID: id, userID: userID) { nodes["repertoire \(id)"] = .repertoire(item) }
        }
        for (id, progress) in try pieces.find(sheetMusicIDs: ids(.pieceProgress), userID: userID) {
            nodes["piece_progress \(id)"] = .pieceProgress(progress)
        }
        for piece in try sheetMusic.find(ids: ids(.sheetMusic), visibleTo: userID) where piece.userID == userID {
            nodes["piece \(piece.id)"] = .sheetMusic(piece)
        }
        let planIDs = Set(ids(.planItem))
        if !planIDs.isEmpty {
            for item in try plans.list(userID: userID) where planIDs.contains(item.id) { nodes["plan_item \(item.id)"] = .planItem(item) }
        }
        // A teacher's copy of a thread only while the student still shares with them (the same
        // statement checks it).
        for comment in try comments.find(ids: ids(.comment), visibleTo: userID) { nodes["comment \(comment.id)"] = .comment(comment) }
        if ids(.profile).contains(userID), let user = try users.find(id: userID) { nodes["profile \(userID)"] = .profile(user) }
        return nodes
    }
}
