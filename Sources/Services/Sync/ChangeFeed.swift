import Domain

/// A page of a user's change feed: each changed record with its current state (nil for a
/// tombstone), the cursor to ask from next, and whether more changes wait.
public struct ChangeFeed: Sendable {
    /// One changed record.
    public struct Change: Sendable {
        /// The feed's entry.
        public let entry: ChangeEntry
        /// The record as it is now; nil when it was deleted.
        public let node: Node?
    }

    /// A record's current state, typed.
    public enum Node: Sendable {
        case log(PracticeLog)
        case session(PracticeSession)
        case template(PracticeTemplate)
        case goal(GoalStatus)
        case repertoire(RepertoireItem)
        case pieceProgress(PieceProgress)
        case profile(User)
        case sheetMusic(SheetMusic)
        case planItem(PlanItem)
        case comment(Comment)
    }

    /// The changes, in commit order.
    public let changes: [Change]
    /// Where the next request starts (`changes(since:)`).
    public let cursor: String
    /// Whether changes after this page are waiting.
    public let hasMore: Bool
}
