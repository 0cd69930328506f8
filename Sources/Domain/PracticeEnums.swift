/// How a practice session is run.
public enum SessionType: String, NamedEnum {
    case freePractice = "free_practice"
    case guided
    case assessment

    /// The GraphQL name (`GUIDED_PRACTICE` for the table's `guided`).
    public var name: String { self == .guided ? "GUIDED_PRACTICE" : rawValue.uppercased() }

    /// The case of a GraphQL name.
    public init?(name: String) {
        if name == "GUIDED_PRACTICE" { self = .guided } else { self.init(rawValue: name.lowercased()) }
    }
}

/// Where a practice session is in its life.
public enum SessionStatus: String, NamedEnum {
    case inProgress = "in_progress"
    case paused
    case completed
    case abandoned

    /// Whether the session can still change (pause, resume, log, complete, abandon).
    public var isOpen: Bool { self == .inProgress || self == .paused }
}

/// The kind of work a practice log records: the 13 activity types of `practice_logs`.
public enum ActivityType: String, NamedEnum {
    case sightReading = "sight_reading"
    case scales, arpeggios, etudes, repertoire, memorization
    case slowPractice = "slow_practice"
    case mentalPractice = "mental_practice"
    case ensembleReading = "ensemble_reading"
    case transposition
    case scoreReduction = "score_reduction"
    case technique
    case warmUp = "warm_up"
}

/// What a practice activity concentrates on: the documented set clients may send.
public enum FocusArea: String, NamedEnum {
    case accuracy, rhythm, dynamics, articulation, memorization, tempo, phrasing, fingering, tone, pedaling
}
