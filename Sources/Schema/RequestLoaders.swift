import Domain
import Services

/// The batch loaders of one request, made fresh with its context.
final class RequestLoaders: Sendable {
    /// Pieces the viewer may see by id (the catalogue and their own).
    let pieces: KeyedLoader<SheetMusic>
    /// The viewer's logs by session id.
    let sessionLogs: KeyedLoader<[PracticeLog]>
    /// The viewer's sessions by id.
    let sessions: KeyedLoader<PracticeSession>
    /// The viewer's progress by piece id.
    let pieceProgress: KeyedLoader<PieceProgress>
    /// Users by id.
    let users: KeyedLoader<User>
    /// The viewer's repertoire status moves by piece id, oldest first.
    let repertoireHistory: KeyedLoader<[RepertoireStatusChange]>
    /// The viewer's plan items by id (the whole plan, at most 200, is read once).
    let planItems: KeyedLoader<PlanItem>

    /// Creates empty loaders over a request's services and viewer.
    init(services: AppServices, viewer: Viewer) {
        let pieces = KeyedLoader { try services.sheetMusic.pieces(ids: $0, viewer: viewer) }
        let sessions = KeyedLoader { try services.sessions.sessions(ids: $0, viewer: viewer) }
        self.pieces = pieces
        self.sessions = sessions
        sessionLogs = KeyedLoader { ids in
            let found = try services.logs.logs(sessionIDs: ids, viewer: viewer)
            // The logs' pieces and sessions are announced at once, for all sessions of the batch.
            let logs = found.values.joined()
            pieces.prime(logs.compactMap(\.sheetMusicID))
            sessions.prime(logs.compactMap(\.sessionID))
            // Sessions without logs answer an empty list, not a miss.
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, found[$0] ?? []) })
        }
        pieceProgress = KeyedLoader { try services.pieces.progress(sheetMusicIDs: $0, viewer: viewer) }
        users = KeyedLoader { try services.users.users(ids: $0) }
        repertoireHistory = KeyedLoader { ids in
            let found = try services.repertoire.histories(viewer: viewer, sheetMusicIDs: ids)
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, found[$0] ?? []) })
        }
        planItems = KeyedLoader { ids in
            let wanted = Set(ids)
            return Dictionary(uniqueKeysWithValues: try services.plans.items(viewer: viewer).filter { wanted.contains($0.id) }.map { ($0.id, $0) })
        }
    }
}
