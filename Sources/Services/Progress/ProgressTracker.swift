import Domain
import Storage

/// Keeps derived progress current inside the transaction of every write that changes practice:
/// the touched days of `practice_days` and `practice_day_details` are re-aggregated from their logs, the touched areas of
/// `progress_tracking` are recomputed from their days, then achievements and goals are checked.
/// Each step reads only the user's day rows, never all of their logs, and gives exactly what
/// `rebuild` gives.
struct ProgressTracker: Sendable {
    private let store: ProgressStore
    private let users: UserStore
    private let events: EventStore
    private let goals: GoalEvaluator
    private let repertoire: RepertoireStore

    /// Creates the tracker over a connection.
    init(database: Database) {
        store = ProgressStore(database: database)
        users = UserStore(database: database)
        events = EventStore(database: database)
        goals = GoalEvaluator(database: database)
        repertoire = RepertoireStore(database: database)
    }

    /// After a log was created (`old` nil), changed, or deleted (`new` nil).
    func logChanged(from old: PracticeLog?, to new: PracticeLog?, now: Timestamp) throws {
        guard let userID = new?.userID ?? old?.userID else { return }
        let logs = [old, new].compactMap { $0 }
        let days = Set(logs.compactMap { $0.localDay.flatMap(LocalDay.init) })
        if old == nil, let new, let day = new.localDay.flatMap(LocalDay.init) {
            // A new log only adds to its day: the sums are integers and the mask an OR, so adding
            // gives exactly what re-aggregating the day would, without reading the day's logs.
            var delta = PracticeDay(instrument: new.instrument, skillArea: SkillArea(new.activityType), day: day)
            delta.add(
                activity: new.activityType, seconds: new.durationSeconds, accuracy: new.accuracy, tempo: new.tempoPracticed,
                targetTempo: new.targetTempo, rating: new.selfRating)
            try store.addToDay(delta, userID: userID)
            try store.addToDetails(
                PracticeDetail(instrument: new.instrument, day: day, activity: new.activityType, sheetMusicID: new.sheetMusicID,
                               seconds: new.durationSeconds),
                userID: userID)
        } else {
            try store.replaceDays(userID: userID, days: days, with: store.daysFromLogs(userID: userID, days: days))
            try store.replaceDetails(userID: userID, days: days, with: store.detailsFromLogs(userID: userID, days: days))
        }
        try keepRepertoire(from: old, to: new, userID: userID, now: now)
        var areas: [(Instrument, SkillArea)] = []
        for log in logs where !areas.contains(where: { $0 == (log.instrument, SkillArea(log.activityType)) }) {
            areas.append((log.instrument, SkillArea(log.activityType)))
        }
        // Every read before any write, so that on PostgreSQL they share one round trip with the
        // log's own writes, and the writes another with the commit. Goals read only days and
        // logs, and achievements only days, sessions and pieces: none of what is written below.
        try store.readAheadForLogChange(areas: areas, userID: userID)
        let unlocked = try store.unlockedAchievements(userID: userID)
        let refreshed = try areas.map { try recompute(instrument: $0.0, skillArea: $0.1, userID: userID, now: now) }
        let reached = try newlyReached(userID: userID, unlocked: unlocked)
        try goals.evaluate(userID: userID, days: days, now: now)
        let achievements = Self.ordered(unlocked, adding: reached)
        for area in refreshed {
            try save(area, achievements: achievements, userID: userID, now: now)
        }
        try unlock(reached, userID: userID, unlocked: unlocked, now: now)
        try store.bumpRevision(userID: userID)
    }

    /// A log's piece that is not in the repertoire enters it as LEARNING (a piece removed from
    /// the repertoire comes back when it is logged again); the practice figures of the pieces
    /// the log was and is about follow the day details.
    private func keepRepertoire(from old: PracticeLog?, to new: PracticeLog?, userID: String, now: Timestamp) throws {
        if let log = new, let piece = log.sheetMusicID, piece != old?.sheetMusicID,
           try repertoire.find(sheetMusicID: piece, userID: userID) == nil {
            try repertoire.insert(RepertoireItem(
                userID: userID, sheetMusicID: piece, status: .learning, statusChangedAt: now, createdAt: now, updatedAt: now))
            // Log ids are unique, and a removed piece's history goes with it: the id is free.
            try repertoire.append(
                RepertoireStatusChange(id: "log:\(log.id):\(piece)", sheetMusicID: piece, fromStatus: nil, toStatus: .learning, changedAt: now),
                userID: userID)
        }
        try repertoire.refreshPractice(userID: userID, sheetMusicIDs: Set([old?.sheetMusicID, new?.sheetMusicID].compactMap { $0 }))
    }

    /// After the user's logs of one piece were moved to `target` (a merge): the day details of
    /// the days they were on, the target's repertoire figures, achievements and goals. The day
    /// aggregates and areas do not depend on pieces.
    func logsMoved(to target: String, days: Set<LocalDay>, userID: String, now: Timestamp) throws {
        try store.replaceDetails(userID: userID, days: days, with: store.detailsFromLogs(userID: userID, days: days))
        try repertoire.refreshPractice(userID: userID, sheetMusicIDs: [target])
        try store.readAheadForAchievements(userID: userID)
        try checkAchievements(userID: userID, unlocked: store.unlockedAchievements(userID: userID), now: now)
        try goals.evaluate(userID: userID, days: days, now: now)
        try store.bumpRevision(userID: userID)
    }

    /// After a session was completed: only achievements can change.
    func sessionCompleted(userID: String, now: Timestamp) throws {
        try store.readAheadForAchievements(userID: userID)
        try checkAchievements(userID: userID, unlocked: store.unlockedAchievements(userID: userID), now: now)
        try store.bumpRevision(userID: userID)
    }

    /// Recomputes everything derived for a user from their logs: each log's local day in the
    /// user's current time zone, the day aggregate, every area row, achievements and goals.
    /// Unlocked achievements stay unlocked.
    func rebuild(userID: String, now: Timestamp) throws {
        let calendar = try LocalCalendar(userID: userID, users: users)
        for log in try store.logStarts(userID: userID) {
            try store.setLocalDay(calendar.day(of: log.start), logID: log.id)
        }
        try store.clear(userID: userID)
        let days = try store.allDaysFromLogs(userID: userID)
        try store.replaceDays(userID: userID, days: [], with: days)
        try store.replaceDetails(userID: userID, days: [], with: store.detailsFromLogs(userID: userID, days: nil))
        try repertoire.refreshPractice(userID: userID, sheetMusicIDs: nil)
        let unlocked = try store.unlockedAchievements(userID: userID)
        for instrument in Instrument.allCases {
            for area in SkillArea.allCases where days.contains(where: { $0.instrument == instrument && $0.skillArea == area }) {
                try save(recompute(instrument: instrument, skillArea: area, userID: userID, now: now),
                         achievements: Self.ordered(unlocked), userID: userID, now: now)
            }
        }
        try checkAchievements(userID: userID, unlocked: unlocked, now: now)
        try goals.evaluate(userID: userID, days: Set(days.map(\.day)), now: now)
        try store.bumpRevision(userID: userID)
    }

    /// An area's row as its stored days now give it, not yet written.
    private struct RecomputedArea {
        let instrument: Instrument
        let skillArea: SkillArea
        /// Nil when the area has no days left (its row goes).
        let progress: AreaProgress?
        /// The stamp the row takes: after the stored one, which the table's trigger requires.
        let updatedAt: Timestamp
    }

    /// Reads an area's days and row stamp and recomputes its row.
    private func recompute(instrument: Instrument, skillArea: SkillArea, userID: String, now: Timestamp) throws -> RecomputedArea {
        let days = try store.storedDays(userID: userID, instrument: instrument, skillArea: skillArea)
        guard !days.isEmpty else { return RecomputedArea(instrument: instrument, skillArea: skillArea, progress: nil, updatedAt: now) }
        let previous = try store.updatedAt(instrument: instrument, skillArea: skillArea, userID: userID)
        return RecomputedArea(
            instrument: instrument, skillArea: skillArea, progress: AreaProgress(instrument: instrument, skillArea: skillArea, days: days),
            updatedAt: previous.map { Timestamp.stamp(now, after: $0) } ?? now)
    }

    /// Writes a recomputed area's row with the user's achievements, or removes it.
    private func save(_ area: RecomputedArea, achievements: [String], userID: String, now: Timestamp) throws {
        guard var progress = area.progress else {
            try store.delete(instrument: area.instrument, skillArea: area.skillArea, userID: userID)
            return
        }
        progress.achievements = achievements
        try store.save(progress, userID: userID, now: now, updatedAt: area.updatedAt)
    }

    /// Unlocks every achievement whose target the user's practice now meets (see `unlock`).
    private func checkAchievements(userID: String, unlocked: [String: Timestamp], now: Timestamp) throws {
        try unlock(newlyReached(userID: userID, unlocked: unlocked), userID: userID, unlocked: unlocked, now: now)
    }

    /// The achievements, in catalogue order, whose target the user's practice now meets and that
    /// are not unlocked yet. Only reads, and only the figures the locked ones are measured
    /// against: a write by someone who has unlocked every piece achievement reads no pieces.
    private func newlyReached(userID: String, unlocked: [String: Timestamp]) throws -> [String] {
        let locked = Achievement.catalogue.filter { unlocked[$0.id] == nil }
        guard !locked.isEmpty else { return [] }
        let facts = try facts(userID: userID, for: Set(locked.map(\.metric)))
        return locked.filter { facts.value(of: $0.metric) >= $0.target }.map(\.id)
    }

    /// Unlocks `reached`, announces each to live subscribers, and writes the new set to all of
    /// the user's area rows.
    private func unlock(_ reached: [String], userID: String, unlocked: [String: Timestamp], now: Timestamp) throws {
        guard !reached.isEmpty else { return }
        for id in reached {
            try store.unlock(id, userID: userID, at: now)
            try events.append(userID: userID, topic: .achievement, subjectID: id, at: now)
        }
        try store.setAchievements(Self.ordered(unlocked, adding: reached), userID: userID, now: now)
    }

    /// The figures achievements are measured against, from the day aggregate and piece progress:
    /// those of `metrics` (every one by default); the others stay zero.
    func facts(userID: String, for metrics: Set<Achievement.Metric> = Set(Achievement.Metric.allCases)) throws -> AchievementFacts {
        var facts = AchievementFacts()
        if metrics.contains(.practiceHours) || metrics.contains(.tempoTargetsMet) {
            (facts.practiceSeconds, facts.tempoTargetsMet) = try store.totals(userID: userID)
        }
        if metrics.contains(.activityTypes) {
            facts.activityMask = try store.activityMask(userID: userID)
        }
        if metrics.contains(.longestStreak) {
            facts.longestStreak = Streaks(days: try store.practiceDays(userID: userID)).longest
        }
        if metrics.contains(.completedSessions) {
            facts.completedSessions = try store.completedSessions(userID: userID)
        }
        if metrics.contains(.cataloguePieces) || metrics.contains(.bestPieceAccuracy) {
            (facts.cataloguePieces, facts.bestPieceAccuracy) = try store.pieceFacts(userID: userID)
        }
        return facts
    }

    /// The ids of the `unlocked` achievements and those just `reached`, in catalogue order.
    static func ordered(_ unlocked: [String: Timestamp], adding reached: [String] = []) -> [String] {
        Achievement.catalogue.lazy.map(\.id).filter { unlocked[$0] != nil || reached.contains($0) }
    }
}
