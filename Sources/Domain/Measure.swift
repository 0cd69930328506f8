/// One measure of notation in VexFlow conventions.
public struct Measure: Sendable, Equatable {
    /// Measure number; 0 is a pick-up.
    public var number: Int
    /// Clef of the upper staff.
    public var clef: String
    /// Time signature such as `3/4`.
    public var timeSignature: String
    /// VexFlow key specification such as `Am`.
    public var keySignature: String
    /// Tempo in BPM.
    public var tempo: Int?
    /// Notes and rests by staff, then offset.
    public var notes: [Note]

    /// Creates a measure.
    public init(number: Int, clef: String, timeSignature: String, keySignature: String, tempo: Int?, notes: [Note]) {
        self.number = number
        self.clef = clef
        self.timeSignature = timeSignature
        self.keySignature = keySignature
        self.tempo = tempo
        self.notes = notes
    }
}
