import Domain

/// Writes a melody one measure at a time: stepwise at low levels, with leaps, dotted rhythms,
/// sixteenths and rests as the level rises; the last measure lands on the tonic.
struct MelodyWriter {
    /// The key the melody is in.
    let scale: Scale
    /// The difficulty level, 1–10.
    let level: Int
    /// The time signature.
    let meter: Meter
    private var degree = 0

    /// Creates a writer starting on the tonic.
    init(scale: Scale, level: Int, meter: Meter) {
        self.scale = scale
        self.level = level
        self.meter = meter
    }

    /// The rhythms available at this level, with their length in quarter-note beats.
    private var rhythms: [(code: String, beats: Double)] {
        var codes = meter.signature == "6/8" ? ["qd", "q", "8"] : ["h", "q"]
        if level >= 3 { codes.append("8") }
        if level >= 5 { codes += ["qd", "hd"] }
        if level >= 7 { codes += ["16", "8d", "qr"] }
        return Array(Set(codes)).sorted().map { ($0, Note.beats(of: $0)) }
    }

    /// The highest degree above the tonic the melody may reach: a fifth at level 1, a tenth at 10.
    private var range: Int { min(4 + level / 2, 9) }

    /// The notes of the next measure; the final one closes on the tonic.
    mutating func measure(final: Bool, using random: inout SplitMix64) -> [Note] {
        if final {
            // The closing measure holds the tonic (6/8: the third, then the tonic).
            let fill = meter.wholeMeasure
            degree = 0
            return fill.enumerated().map { index, slot in
                Note(keys: [scale.pitch(degree: index == fill.count - 1 ? 0 : 2)], duration: slot.duration, offset: slot.offset, staff: 1)
            }
        }
        var notes: [Note] = []
        var offset = 0.0
        let options = rhythms
        while offset < meter.beats - 1e-9 {
            let remaining = meter.beats - offset
            let fits = options.filter { $0.beats <= remaining + 1e-9 }
            let choice = fits.isEmpty ? fitting(remaining, options: options) : fits[Int(random.next() % UInt64(fits.count))]
            if choice.code == "8d" || choice.code == "16" {
                // Dotted-eighth and sixteenth only come as a pair filling a quarter, so measures add up.
                guard remaining >= 1 - 1e-9 else {
                    append(&notes, fitting(remaining, options: options), &offset, &random)
                    continue
                }
                append(&notes, ("8d", 0.75), &offset, &random)
                append(&notes, ("16", 0.25), &offset, &random)
                continue
            }
            append(&notes, choice, &offset, &random)
        }
        return notes
    }

    private func fitting(_ remaining: Double, options: [(code: String, beats: Double)]) -> (code: String, beats: Double) {
        options.filter { $0.beats <= remaining + 1e-9 && !$0.code.hasSuffix("r") }.max { $0.beats < $1.beats } ?? ("8", 0.5)
    }

    private mutating func append(_ notes: inout [Note], _ rhythm: (code: String, beats: Double), _ offset: inout Double, _ random: inout SplitMix64) {
        if rhythm.code.hasSuffix("r") {
            notes.append(Note(keys: ["b/4"], duration: rhythm.code, offset: offset, staff: 1))
        } else {
            let maxStep = level >= 4 ? 4 : 2
            let step = Int(random.next() % UInt64(2 * maxStep + 1)) - maxStep
            degree = min(max(degree + (step == 0 ? 1 : step), 0), range)
            notes.append(Note(keys: [scale.pitch(degree: degree)], duration: rhythm.code, offset: offset, staff: 1))
        }
        offset += rhythm.beats
    }
}
