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
    /// The comments the viewer may read by log id, oldest first.
    let logComments: KeyedLoader<[Comment]>
    /// The recordings on logs by log id, oldest first (the logs were read under the viewer's access).
    let logRecordings: KeyedLoader<[Recording]>
    /// The comments the viewer may read by session id, oldest first.
    let sessionComments: KeyedLoader<[Comment]>
    /// The practice summaries of the viewer's students who share progress, by student id (one
    /// check and one transaction for the whole list).
    let studentSummaries: KeyedLoader<PracticeSummary>

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
        logComments = KeyedLoader { ids in
            let found = try services.teaching.comments(viewer: viewer, on: .log, ids: ids)
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, found[$0] ?? []) })
        }
        logRecordings = KeyedLoader { ids in
            let found = try services.recordings.recordings(ofLogs: ids)
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, found[$0] ?? []) })
        }
        sessionComments = KeyedLoader { ids in
            let found = try services.teaching.comments(viewer: viewer, on: .session, ids: ids)
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, found[$0] ?? []) })
        }
        studentSummaries = KeyedLoader { ids in
            let wanted = Set(ids)
            return try services.teaching.readEach(viewer: viewer) { students in
                var summaries: [String: PracticeSummary] = [:]
                for access in students where wanted.contains(access.userID) && access.scopes.contains(.progress) {
                    summaries[access.userID] = try services.progress.summary(of: access)
                }
                return summaries
            }
        }
        planItems = KeyedLoader { ids in
            let wanted = Set(ids)
            return Dictionary(uniqueKeysWithValues: try services.plans.items(viewer: viewer).filter { wanted.contains($0.id) }.map { ($0.id, $0) })
        }
    }
}
