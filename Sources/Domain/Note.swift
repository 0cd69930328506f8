/// A note, chord or rest in VexFlow conventions.
public struct Note: Sendable, Equatable {
    /// Pitches such as `c/4`, lowest first.
    public var keys: [String]
    /// Duration code: `w h q 8 16 32`, `d` for dotted, `r` for rests.
    public var duration: String
    /// Start in quarter-note beats from the start of the measure.
    public var offset: Double
    /// 1 for the upper staff, 2 for the lower.
    public var staff: Int

    /// Creates a note.
    public init(keys: [String], duration: String, offset: Double, staff: Int) {
        self.keys = keys
        self.duration = duration
        self.offset = offset
        self.staff = staff
    }

    /// Whether this is a rest.
    public var isRest: Bool { duration.hasSuffix("r") }

    /// Length in quarter-note beats, from the duration code.
    public var beats: Double { Self.beats(of: duration) }

    /// Length in quarter-note beats of a duration code; 0 for an unknown code.
    public static func beats(of duration: String) -> Double {
        var code = Substring(duration)
        if code.hasSuffix("r") { code = code.dropLast() }
        let dotted = code.hasSuffix("d")
        if dotted { code = code.dropLast() }
        let base: Double
        switch code {
        case "w": base = 4
        case "h": base = 2
        case "q": base = 1
        default: base = Double(code).map { 4 / $0 } ?? 0
        }
        return dotted ? base * 1.5 : base
    }
}
