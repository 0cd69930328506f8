import Domain

/// A time signature and the rhythms that fill its measures.
struct Meter: Sendable {
    /// The time signature text.
    let signature: String
    /// Quarter-note beats in a measure.
    let beats: Double
    /// Duration codes that fill one measure in a single note or a tied-free pair.
    let fill: [String]
    /// Quarter-note beats per counted beat ÷ 1, used for the duration estimate (6/8 counts dotted quarters).
    let tempoScale: Double

    /// Four quarter notes.
    static let common = Meter(signature: "4/4", beats: 4, fill: ["w"], tempoScale: 1)
    /// Three quarter notes.
    static let threeFour = Meter(signature: "3/4", beats: 3, fill: ["hd"], tempoScale: 1)
    /// Two quarter notes.
    static let twoFour = Meter(signature: "2/4", beats: 2, fill: ["h"], tempoScale: 1)
    /// Six eighth notes in two dotted-quarter beats.
    static let sixEight = Meter(signature: "6/8", beats: 3, fill: ["qd", "qd"], tempoScale: 2.0 / 3.0)

    /// Notes that fill a whole measure, as duration and offset.
    var wholeMeasure: [(duration: String, offset: Double)] {
        var offset = 0.0
        return fill.map { code in
            defer { offset += Note.beats(of: code) }
            return (code, offset)
        }
    }
}
