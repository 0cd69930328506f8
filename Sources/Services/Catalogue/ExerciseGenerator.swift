import Domain

/// Generates sight-reading exercises per instrument and difficulty level, deterministically:
/// the same level and number always give the same notes, so seeding is repeatable.
///
/// Rules, by level (1–10): keys widen from C major / A minor to four sharps or flats; time
/// signatures from 4/4 and 3/4 to 2/4 (level 3) and 6/8 (level 6); rhythms from half and quarter
/// notes to eighths (3), dotted rhythms (5) and sixteenths and rests (7); the melody's range grows
/// from a fifth to a tenth with leaps from level 4; piano adds a bass-clef staff from level 3;
/// exercises are 4 measures long up to level 4 and 8 after.
public struct ExerciseGenerator: Sendable {
    /// Exercises per instrument and level.
    public let perLevel: Int

    /// Creates a generator making `perLevel` exercises per instrument and level.
    public init(perLevel: Int = 3) {
        self.perLevel = perLevel
    }

    /// Every exercise, for both instruments and all ten levels.
    public func exercises(createdAt: Timestamp) -> [SheetMusic] {
        Instrument.allCases.flatMap { instrument in
            (1...10).flatMap { level in
                (1...perLevel).map { number in exercise(instrument: instrument, level: level, number: number, createdAt: createdAt) }
            }
        }
    }

    /// One exercise.
    public func exercise(instrument: Instrument, level: Int, number: Int, createdAt: Timestamp) -> SheetMusic {
        let slug = "generated-\(instrument.rawValue)-\(level)-\(number)"
        var random = SplitMix64(seed: SHA256.digest(Array(slug.utf8)).prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
        let keys = Self.keys(level: level)
        let key = keys[Int(random.next() % UInt64(keys.count))]
        let meters = Self.meters(level: level)
        let meter = meters[Int(random.next() % UInt64(meters.count))]
        let tempo = 60 + level * 6
        let octave = instrument == .piano ? 4 : (["C", "D", "E", "Am", "Dm", "Em", "Bm", "Cm"].contains(key) ? 4 : 3)
        let scale = Scale(keySpec: key, octave: instrument == .guitar && octave == 4 && key.hasPrefix("E") ? 3 : octave)
        let bass = Scale(keySpec: key, octave: 3)
        let count = level <= 4 ? 4 : 8
        var melody = MelodyWriter(scale: scale, level: level, meter: meter)
        let measures = (1...count).map { number -> Measure in
            var notes = melody.measure(final: number == count, using: &random)
            if instrument == .piano, level >= 3 {
                notes += Self.bassLine(scale: bass, meter: meter, measure: number, final: number == count)
            }
            return Measure(number: number, clef: "treble", timeSignature: meter.signature, keySignature: key, tempo: tempo, notes: notes)
        }
        let name = instrument == .piano ? "Piano" : "Guitar"
        return SheetMusic(
            id: Nanoid.derived(from: "catalogue:" + slug),
            title: "Sight-Reading Exercise \(level).\(number) (\(name))", composer: "Mirubato Exercise Generator",
            catalogNumber: "SR-\(name.prefix(1))-\(level)-\(number)", instruments: [instrument], difficultyLevel: level,
            gradeLevel: "Mirubato Level \(level)",
            durationSeconds: Int((Double(count) * meter.beats * 60 / Double(tempo) * meter.tempoScale).rounded()),
            timeSignature: meter.signature, keySignature: scale.keyName, tempoMarking: level <= 3 ? "Andante" : "Moderato",
            suggestedTempo: tempo, stylePeriod: .contemporary, tags: ["sight-reading", "generated"],
            sourceType: .generated, sourceAttribution: "Mirubato exercise generator v1",
            licenseType: "CC0-1.0", measures: measures, createdAt: createdAt, updatedAt: createdAt)
    }

    /// The keys used at a level (VexFlow specs).
    static func keys(level: Int) -> [String] {
        var keys = ["C", "Am"]
        if level >= 2 { keys += ["G", "F", "Em"] }
        if level >= 3 { keys += ["D", "Dm"] }
        if level >= 5 { keys += ["Bb", "A", "Bm", "Gm"] }
        if level >= 8 { keys += ["Eb", "E", "F#m", "Cm"] }
        return keys
    }

    /// The time signatures used at a level.
    static func meters(level: Int) -> [Meter] {
        var meters: [Meter] = [.common, .threeFour]
        if level >= 3 { meters.append(.twoFour) }
        if level >= 6 { meters.append(.sixEight) }
        return meters
    }

    /// Tonic and dominant roots under the melody: one long note per measure, tonic at the end.
    static func bassLine(scale: Scale, meter: Meter, measure: Int, final: Bool) -> [Note] {
        let degree = final || measure % 2 == 1 ? 0 : 4
        let pitch = scale.pitch(degree: degree - (degree == 4 ? 7 : 0))
        return meter.wholeMeasure.map { Note(keys: [pitch], duration: $0.duration, offset: $0.offset, staff: 2) }
    }
}
