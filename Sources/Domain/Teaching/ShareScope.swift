/// What a student lets one teacher read, one part at a time. Stored as a bit set
/// (`ShareScopes.bits`): the raw values are fixed, since rows hold them.
public enum ShareScope: String, NamedEnum {
    /// Practice logs, without their notes.
    case logs
    /// The notes written on logs (only with `logs`).
    case logNotes = "log_notes"
    /// Practice sessions, with their notes.
    case sessions
    /// Progress, streaks and statistics.
    case progress
    /// The repertoire.
    case repertoire
    /// The whole practice plan (a teacher always sees the items they assigned).
    case plan

    /// The scope's bit in `ShareScopes.bits`.
    var bit: Int {
        switch self {
        case .logs: 1
        case .logNotes: 2
        case .sessions: 4
        case .progress: 8
        case .repertoire: 16
        case .plan: 32
        }
    }
}

/// A set of `ShareScope`s, as one integer in `teacher_shares.scopes` and `teacher_invites.scopes`.
public struct ShareScopes: Sendable, Equatable, Codable {
    /// The set's bits (0–63).
    public let bits: Int

    /// What a student shares unless they choose otherwise: logs without notes, progress and
    /// repertoire.
    public static let standard = ShareScopes([.logs, .progress, .repertoire])

    /// The set of `scopes`.
    public init(_ scopes: some Sequence<ShareScope>) {
        bits = scopes.reduce(0) { $0 | $1.bit }
    }

    /// The set stored as `bits`; bits that name no scope are dropped.
    public init(bits: Int) {
        self.bits = bits & ShareScope.allCases.reduce(0) { $0 | $1.bit }
    }

    /// Whether the set holds `scope`.
    public func contains(_ scope: ShareScope) -> Bool { bits & scope.bit != 0 }

    /// The scopes in declaration order.
    public var scopes: [ShareScope] { ShareScope.allCases.filter(contains) }
}
