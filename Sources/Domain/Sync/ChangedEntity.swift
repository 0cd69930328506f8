/// The kinds of records the change feed carries, as the `changes` table names them.
public enum ChangedEntity: String, NamedEnum {
    /// A practice log (its id).
    case practiceLog = "log"
    /// A practice session (its id).
    case practiceSession = "session"
    /// A practice template (its id).
    case practiceTemplate = "template"
    /// A goal (its id).
    case goal
    /// A repertoire entry, status history included (its piece's id).
    case repertoireItem = "repertoire"
    /// The user's progress and flags on a piece (the piece's id).
    case pieceProgress = "piece_progress"
    /// The user's own profile (their id).
    case profile
    /// A piece the user added for themselves (its id).
    case sheetMusic = "piece"
    /// A plan item (its id).
    case planItem = "plan_item"
    /// A comment in a thread between a student and a teacher, in both their feeds (its id).
    case comment

    /// The GraphQL name (`PRACTICE_LOG`), which differs from the stored value.
    public var name: String {
        switch self {
        case .practiceLog: "PRACTICE_LOG"
        case .practiceSession: "PRACTICE_SESSION"
        case .practiceTemplate: "PRACTICE_TEMPLATE"
        case .goal: "GOAL"
        case .repertoireItem: "REPERTOIRE_ITEM"
        case .pieceProgress: "PIECE_PROGRESS"
        case .profile: "PROFILE"
        case .sheetMusic: "SHEET_MUSIC"
        case .planItem: "PLAN_ITEM"
        case .comment: "COMMENT"
        }
    }

    /// The case of a GraphQL name.
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}
