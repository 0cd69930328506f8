/// A group of difficulty levels: 1–3 beginner, 4–7 intermediate, 8–10 advanced.
public enum Difficulty: String, NamedEnum {
    case beginner
    case intermediate
    case advanced

    /// The group a level 1–10 falls in.
    public init(level: Int) {
        switch level {
        case ...3: self = .beginner
        case 4...7: self = .intermediate
        default: self = .advanced
        }
    }

    /// The levels of the group.
    public var levels: ClosedRange<Int> {
        switch self {
        case .beginner: 1...3
        case .intermediate: 4...7
        case .advanced: 8...10
        }
    }
}
