/// Something a musician means to practise on the days of its schedule, as stored in
/// `plan_items`: a piece (from the catalogue or their own) or an exercise described in words.
public struct PlanItem: Sendable, Equatable, Identifiable, Codable {
    /// Stable identifier (a client id when the client sent one).
    public var id: String
    /// Owner.
    public var userID: String
    /// The piece to practise; nil for an exercise.
    public var sheetMusicID: String?
    /// The exercise in words ("C major scale, hands together"); nil for a piece.
    public var exercise: String?
    /// The instrument, when the item names one.
    public var instrument: Instrument?
    /// Minutes to spend on it each day it is due (1–600).
    public var targetMinutes: Int
    /// The kind of work, when the item names one.
    public var activityType: ActivityType?
    /// What to pay attention to.
    public var focusAreas: [FocusArea]
    /// The tempo to work towards, in BPM.
    public var targetTempo: Int?
    /// The musician's notes on it.
    public var notes: String?
    /// The days it is due.
    public var schedule: PlanSchedule
    /// Its place in the day's list (smaller first).
    public var position: Int
    /// Whether it is paused (due on no day while paused).
    public var paused: Bool
    /// Days the musician chose to skip it.
    public var skippedDays: Set<LocalDay>
    /// When the row was created.
    public var createdAt: Timestamp
    /// When the row last changed.
    public var updatedAt: Timestamp
    /// Hash of the create request, for safe replay.
    public var createHash: String?
    /// The teacher who assigned it; nil for the musician's own (or once that account is gone).
    public var assignedBy: String?
    /// When the musician declined the assignment (it is then due on no day).
    public var declinedAt: Timestamp?

    /// An item with the required fields; the rest empty.
    public init(id: String, userID: String, targetMinutes: Int, schedule: PlanSchedule, position: Int, createdAt: Timestamp) {
        (self.id, self.userID, self.targetMinutes, self.schedule, self.position) = (id, userID, targetMinutes, schedule, position)
        focusAreas = []
        paused = false
        skippedDays = []
        self.createdAt = createdAt
        updatedAt = createdAt
    }

    /// Whether the item is due on no day: paused, or an assignment the musician declined.
    public var isPausedOrDeclined: Bool { paused || declinedAt != nil }

    /// Whether the item is due on `day` (paused and declined items are due on no day).
    public func isDue(on day: LocalDay) -> Bool {
        !isPausedOrDeclined && schedule.includes(day)
    }
}

/// Where a plan item stands on one day.
public enum PlanItemState: String, NamedEnum {
    /// Due today and not practised yet.
    case due
    /// Practised for at least its target minutes.
    case done
    /// Practised, for fewer minutes than its target.
    case partlyDone = "partly_done"
    /// Skipped by the musician.
    case skipped
    /// A past day on which it was not practised.
    case missed
    /// A day still to come.
    case upcoming
}

/// One due plan item on one day, with what was practised of it.
public struct PlanDayItem: Sendable, Equatable, Codable {
    /// The item.
    public var item: PlanItem
    /// Its state that day.
    public var state: PlanItemState
    /// Seconds practised on it that day.
    public var practicedSeconds: Int
    /// The logs that count for it that day.
    public var logIDs: [String]

    /// An entry with these values.
    public init(item: PlanItem, state: PlanItemState, practicedSeconds: Int, logIDs: [String]) {
        (self.item, self.state, self.practicedSeconds, self.logIDs) = (item, state, practicedSeconds, logIDs)
    }
}

/// A musician's plan for one local day: the items due, in the plan's order.
public struct PlanDay: Sendable, Equatable, Codable {
    /// The day.
    public var day: LocalDay
    /// The items due that day with their states.
    public var items: [PlanDayItem]

    /// A day with these items.
    public init(day: LocalDay, items: [PlanDayItem]) {
        self.day = day
        self.items = items
    }
}

/// One practice log as a plan's day sees it.
public struct PlanLogFact: Sendable, Equatable {
    /// The log.
    public var logID: String
    /// Its local day.
    public var day: LocalDay
    /// The plan item it names, if any.
    public var planItemID: String?
    /// Its piece, if any.
    public var sheetMusicID: String?
    /// Seconds practised.
    public var seconds: Int

    /// A fact with these values.
    public init(logID: String, day: LocalDay, planItemID: String?, sheetMusicID: String?, seconds: Int) {
        (self.logID, self.day, self.planItemID, self.sheetMusicID, self.seconds) = (logID, day, planItemID, sheetMusicID, seconds)
    }
}
