/// The fields of a plan item a client sends, for create and update. Unset fields keep the value
/// underneath; a schedule is always sent whole.
public struct PlanItemDraft: Sendable, Equatable {
    /// The piece.
    public var sheetMusicID: FieldChange<String> = .keep
    /// The exercise in words.
    public var exercise: FieldChange<String> = .keep
    /// The instrument.
    public var instrument: FieldChange<Instrument> = .keep
    /// Minutes per due day.
    public var targetMinutes: Int?
    /// The kind of work.
    public var activityType: FieldChange<ActivityType> = .keep
    /// Focus areas.
    public var focusAreas: [FocusArea]?
    /// Tempo to work towards.
    public var targetTempo: FieldChange<Int> = .keep
    /// Notes.
    public var notes: FieldChange<String> = .keep
    /// The schedule as sent: its days still to be checked (`PlanService`).
    public var schedule: ScheduleInput?
    /// Paused or active.
    public var paused: Bool?

    /// A schedule as a client sends it.
    public struct ScheduleInput: Sendable, Equatable {
        /// How the days repeat.
        public var kind: PlanSchedule.Kind
        /// `YYYY-MM-DD`, unchecked.
        public var startDate: String?
        /// `YYYY-MM-DD`, unchecked.
        public var endDate: String?
        /// The gap for every-N-days.
        public var everyDays: Int?
        /// The weekdays.
        public var weekdays: [Weekday]?

        /// A schedule input with these values.
        public init(kind: PlanSchedule.Kind, startDate: String?, endDate: String?, everyDays: Int?, weekdays: [Weekday]?) {
            (self.kind, self.startDate, self.endDate, self.everyDays, self.weekdays) = (kind, startDate, endDate, everyDays, weekdays)
        }
    }

    /// An empty draft.
    public init() {}
}
