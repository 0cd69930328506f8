/// A diatonic scale that names its notes in VexFlow spelling (`f#/4`), with the right
/// accidental for every degree of the key.
struct Scale {
    private static let letters: [Character] = ["c", "d", "e", "f", "g", "a", "b"]
    private static let semitones = [0, 2, 4, 5, 7, 9, 11]
    private static let majorSteps = [0, 2, 4, 5, 7, 9, 11]
    private static let minorSteps = [0, 2, 3, 5, 7, 8, 10]

    /// The VexFlow key specification, such as `Bb` or `F#m`.
    let keySpec: String
    /// The key as catalogue text, such as `B-flat major`.
    let keyName: String
    private let tonicLetter: Int
    private let tonicOctave: Int
    private let accidentals: [Int]

    /// A scale from a VexFlow key spec; the tonic sits in `octave`.
    init(keySpec: String, octave: Int) {
        self.keySpec = keySpec
        let minor = keySpec.hasSuffix("m")
        let tonic = minor ? String(keySpec.dropLast()) : keySpec
        let letterIndex = Self.letters.firstIndex(of: Character(tonic.prefix(1).lowercased())) ?? 0
        let shift = tonic.dropFirst() == "#" ? 1 : tonic.dropFirst() == "b" ? -1 : 0
        tonicLetter = letterIndex
        tonicOctave = octave
        let tonicSemitone = Self.semitones[letterIndex] + shift
        let steps = minor ? Self.minorSteps : Self.majorSteps
        accidentals = (0..<7).map { degree in
            let letter = (letterIndex + degree) % 7
            let target = tonicSemitone + steps[degree]
            var natural = Self.semitones[letter] + (letterIndex + degree >= 7 ? 12 : 0)
            // Normalise so the difference is a small accidental (-2...2).
            while target - natural > 6 { natural += 12 }
            while natural - target > 6 { natural -= 12 }
            return target - natural
        }
        let accidentalName = shift == 1 ? "-sharp" : shift == -1 ? "-flat" : ""
        keyName = "\(tonic.prefix(1).uppercased())\(accidentalName) \(minor ? "minor" : "major")"
    }

    /// The pitch of a scale degree counted from the tonic (0), possibly negative or beyond 7.
    func pitch(degree: Int) -> String {
        let position = tonicLetter + degree
        let letter = ((position % 7) + 7) % 7
        let octave = tonicOctave + Int((Double(position) / 7).rounded(.down))
        let scaleDegree = ((degree % 7) + 7) % 7
        let accidental = switch accidentals[scaleDegree] {
        case 1: "#"
        case -1: "b"
        case 2: "##"
        case -2: "bb"
        default: ""
        }
        return "\(Self.letters[letter])\(accidental)/\(octave)"
    }
}
