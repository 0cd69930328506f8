import Domain
import Services

extension ResolverTable {
    /// The change feed and its types.
    mutating func registerSync() {
        root("Query", "changes") { arguments, context in
            let feed = try context.services.sync.changes(viewer: context.viewer, since: arguments.string("since"), limit: arguments.int("limit"))
            // The records' pieces load in one statement, as a list's do.
            var pieces: [String] = []
            for change in feed.changes {
                switch change.node {
                case .log(let log): pieces += [log.sheetMusicID].compactMap { $0 }
                case .repertoire(let item): pieces.append(item.sheetMusicID)
                case .pieceProgress(let progress): pieces.append(progress.sheetMusicID)
                default: break
                }
            }
            context.loaders.pieces.prime(pieces)
            context.loaders.repertoireHistory.prime(feed.changes.compactMap { if case .repertoire(let item) = $0.node { item.sheetMusicID } else { nil } })
            return feed
        }
        field("ChangeFeed", "changes", of: ChangeFeed.self) { $0.changes }
        field("ChangeFeed", "cursor", of: ChangeFeed.self) { $0.cursor }
        field("ChangeFeed", "hasMore", of: ChangeFeed.self) { $0.hasMore }
        typealias C = ChangeFeed.Change
        field("Change", "entity", of: C.self) { $0.entry.entity.name }
        field("Change", "id", of: C.self) { $0.entry.id }
        field("Change", "deleted", of: C.self) { $0.node == nil }
        field("Change", "practiceLog", of: C.self) { if case .log(let log) = $0.node { log } else { nil } }
        field("Change", "practiceSession", of: C.self) { if case .session(let session) = $0.node { session } else { nil } }
        field("Change", "practiceTemplate", of: C.self) { if case .template(let template) = $0.node { template } else { nil } }
        field("Change", "goal", of: C.self) { if case .goal(let goal) = $0.node { goal } else { nil } }
        field("Change", "repertoireItem", of: C.self) { if case .repertoire(let item) = $0.node { item } else { nil } }
        field("Change", "pieceProgress", of: C.self) { if case .pieceProgress(let progress) = $0.node { progress } else { nil } }
        field("Change", "sheetMusic", of: C.self) { if case .sheetMusic(let piece) = $0.node { piece } else { nil } }
        field("Change", "planItem", of: C.self) { if case .planItem(let item) = $0.node { item } else { nil } }
        field("Change", "comment", of: C.self) { if case .comment(let comment) = $0.node { comment } else { nil } }
        field("Change", "profile", of: C.self) { change, _, context in
            if case .profile(let user) = change.node { UserView(user, isSelf: true) } else { nil }
        }
    }
}
