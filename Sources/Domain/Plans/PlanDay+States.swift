extension PlanDay {
    /// The plan for `day`: each item due that day, in the plan's order, with its state given the
    /// day's logs and which day is today.
    ///
    /// A log counts for an item when it names the item; when no log that day names it, logs of
    /// its piece that name no item count instead (a musician who logs the piece without going
    /// through the plan has still practised it). Practice outranks a skip.
    public static func states(on day: LocalDay, items: [PlanItem], logs: [PlanLogFact], today: LocalDay) -> PlanDay {
        let ofDay = logs.filter { $0.day == day }
        let due = items.filter { $0.isDue(on: day) }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
        return PlanDay(day: day, items: due.map { item in
            var counted = ofDay.filter { $0.planItemID == item.id }
            if counted.isEmpty, let piece = item.sheetMusicID {
                counted = ofDay.filter { $0.planItemID == nil && $0.sheetMusicID == piece }
            }
            let seconds = counted.reduce(0) { $0 + $1.seconds }
            let state: PlanItemState =
                if !counted.isEmpty { seconds >= item.targetMinutes * 60 ? .done : .partlyDone }
                else if item.skippedDays.contains(day) { .skipped }
                else if day < today { .missed }
                else if day == today { .due }
                else { .upcoming }
            return PlanDayItem(item: item, state: state, practicedSeconds: seconds, logIDs: counted.map(\.logID))
        })
    }
}
