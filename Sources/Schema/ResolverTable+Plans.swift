import Domain
import Services

extension ResolverTable {
    /// Practice plans: the plan's days, its items, their mutations and types.
    mutating func registerPlans() {
        root("Query", "myPlan") { arguments, context in
            let day = try context.services.plans.day(viewer: context.viewer, date: arguments.string("date"))
            Self.prime(days: [day], context)
            return day
        }
        root("Query", "myPlanDays") { arguments, context in
            let days = try context.services.plans.days(
                viewer: context.viewer, from: arguments.requiredString("from"), through: arguments.requiredString("to"))
            Self.prime(days: days, context)
            return days
        }
        root("Query", "myPlanItems") { _, context in
            let items = try context.services.plans.items(viewer: context.viewer)
            context.loaders.pieces.prime(items.compactMap(\.sheetMusicID))
            return items
        }
        root("Mutation", "createPlanItem") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.plans.create(
                viewer: context.viewer, clientID: input.string("id"), requestHash: arguments.hash("input"), draft: Self.planDraft(input))
        }
        root("Mutation", "updatePlanItem") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.plans.update(
                viewer: context.viewer, id: arguments.requiredString("id"), draft: Self.planDraft(input),
                expectedUpdatedAt: input.timestamp("expectedUpdatedAt"))
        }
        root("Mutation", "deletePlanItem") { arguments, context in
            let id = try arguments.requiredString("id")
            try context.services.plans.delete(viewer: context.viewer, id: id)
            return Deletion(id: id)
        }
        root("Mutation", "reorderPlanItems") { arguments, context in
            try context.services.plans.reorder(viewer: context.viewer, ids: arguments.strings("ids"))
        }
        root("Mutation", "skipPlanItem") { arguments, context in
            try context.services.plans.setSkipped(
                viewer: context.viewer, id: arguments.requiredString("id"), date: arguments.requiredString("date"),
                skipped: arguments.bool("skipped") ?? true)
        }

        field("PlanDay", "date", of: PlanDay.self) { $0.day.description }
        field("PlanDay", "items", of: PlanDay.self) { $0.items }
        field("PlanDay", "plannedMinutes", of: PlanDay.self) { $0.items.reduce(0) { $0 + $1.item.targetMinutes } }
        field("PlanDayItem", "planItem", of: PlanDayItem.self) { $0.item }
        field("PlanDayItem", "state", of: PlanDayItem.self) { $0.state.name }
        field("PlanDayItem", "practicedSeconds", of: PlanDayItem.self) { $0.practicedSeconds }
        field("PlanDayItem", "logIds", of: PlanDayItem.self) { $0.logIDs }

        typealias P = PlanItem
        field("PlanItem", "id", of: P.self) { $0.id }
        field("PlanItem", "sheetMusic", of: P.self) { item, _, context in
            try item.sheetMusicID.flatMap { try context.loaders.pieces.value(for: $0) }
        }
        field("PlanItem", "exercise", of: P.self) { $0.exercise }
        field("PlanItem", "title", of: P.self) { item, _, context in
            try item.exercise ?? item.sheetMusicID.flatMap { try context.loaders.pieces.value(for: $0)?.title } ?? ""
        }
        field("PlanItem", "instrument", of: P.self) { $0.instrument?.name }
        field("PlanItem", "targetMinutes", of: P.self) { $0.targetMinutes }
        field("PlanItem", "activityType", of: P.self) { $0.activityType?.name }
        field("PlanItem", "focusAreas", of: P.self) { $0.focusAreas.map(\.name) }
        field("PlanItem", "targetTempo", of: P.self) { $0.targetTempo }
        field("PlanItem", "notes", of: P.self) { $0.notes }
        field("PlanItem", "schedule", of: P.self) { $0.schedule }
        field("PlanItem", "position", of: P.self) { $0.position }
        field("PlanItem", "paused", of: P.self) { $0.paused }
        field("PlanItem", "skippedDates", of: P.self) { $0.skippedDays.sorted().map(\.description) }
        field("PlanItem", "createdAt", of: P.self) { $0.createdAt }
        field("PlanItem", "updatedAt", of: P.self) { $0.updatedAt }
        field("PlanSchedule", "kind", of: PlanSchedule.self) { $0.kind.name }
        field("PlanSchedule", "startDate", of: PlanSchedule.self) { $0.start.description }
        field("PlanSchedule", "endDate", of: PlanSchedule.self) { $0.lastDay?.description }
        field("PlanSchedule", "everyDays", of: PlanSchedule.self) { $0.everyDays }
        field("PlanSchedule", "weekdays", of: PlanSchedule.self) { $0.weekdays.sorted().map(\.name) }
    }

    private static func prime(days: [PlanDay], _ context: RequestContext) {
        context.loaders.pieces.prime(days.flatMap { $0.items.compactMap(\.item.sheetMusicID) })
    }

    static func planDraft(_ input: Arguments) throws -> PlanItemDraft {
        var draft = PlanItemDraft()
        draft.sheetMusicID = input.stringChange("sheetMusicId")
        draft.exercise = input.stringChange("exercise")
        draft.instrument = input.enumerationChange("instrument")
        draft.targetMinutes = input.int("targetMinutes")
        draft.activityType = input.enumerationChange("activityType")
        draft.focusAreas = input.enumerationsIfGiven("focusAreas")
        draft.targetTempo = input.intChange("targetTempo")
        draft.notes = input.stringChange("notes")
        draft.paused = input.bool("paused")
        if let schedule = input.object("schedule") {
            draft.schedule = PlanItemDraft.ScheduleInput(
                kind: try schedule.requiredEnumeration("kind"), startDate: schedule.string("startDate"),
                endDate: schedule.string("endDate"), everyDays: schedule.int("everyDays"), weekdays: schedule.enumerationsIfGiven("weekdays"))
        }
        return draft
    }
}
