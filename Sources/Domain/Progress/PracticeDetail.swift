/// One user's practice on one local day, instrument, activity and piece: a row of the
/// `practice_day_details` aggregate that statistics sum their per-activity and per-piece
/// breakdowns from. Kept beside `PracticeDay` (whose rows are per skill area).
public struct PracticeDetail: Sendable, Hashable {
    /// Instrument.
    public var instrument: Instrument
    /// The day in the user's time zone.
    public var day: LocalDay
    /// Activity type.
    public var activity: ActivityType
    /// The catalogue piece practised, or nil for practice of no piece.
    public var sheetMusicID: String?
    /// Logs.
    public var logs: Int
    /// Seconds practised (a log without a duration counts 0).
    public var seconds: Int

    /// A row of these figures.
    public init(instrument: Instrument, day: LocalDay, activity: ActivityType, sheetMusicID: String?, logs: Int, seconds: Int) {
        self.instrument = instrument
        self.day = day
        self.activity = activity
        self.sheetMusicID = sheetMusicID
        self.logs = logs
        self.seconds = seconds
    }

    /// One log's row: what the log adds to its day's detail.
    public init(instrument: Instrument, day: LocalDay, activity: ActivityType, sheetMusicID: String?, seconds: Int?) {
        self.init(instrument: instrument, day: day, activity: activity, sheetMusicID: sheetMusicID, logs: 1, seconds: max(0, seconds ?? 0))
    }
}
