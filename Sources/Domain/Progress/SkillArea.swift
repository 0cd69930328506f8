/// A broad skill that progress is tracked in; every activity type belongs to exactly one.
public enum SkillArea: String, NamedEnum {
    case sightReading = "sight_reading"
    case technique
    case repertoire

    /// The area an activity type trains.
    public init(_ activity: ActivityType) {
        switch activity {
        case .sightReading, .ensembleReading, .transposition, .scoreReduction: self = .sightReading
        case .scales, .arpeggios, .etudes, .technique, .warmUp, .slowPractice: self = .technique
        case .repertoire, .memorization, .mentalPractice: self = .repertoire
        }
    }

    /// Title-case name for milestones.
    public var title: String {
        switch self {
        case .sightReading: "Sight-reading"
        case .technique: "Technique"
        case .repertoire: "Repertoire"
        }
    }
}

extension ActivityType {
    /// The activity's bit in `practice_days.activity_mask`: its position in `allCases`, so new
    /// activity types must be appended.
    public var maskBit: Int64 {
        Int64(1) << Int64(ActivityType.allCases.firstIndex(of: self) ?? 0)
    }
}
