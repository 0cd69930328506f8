import Domain
import Services

extension ResolverTable {
    /// Reminders and the calendar feed: what calls a musician back to the plan.
    mutating func registerReminders() {
        root("Query", "myCalendarFeed") { _, context in try context.services.calendarFeeds.feed(viewer: context.viewer) }
        root("Mutation", "enableCalendarFeed") { _, context in try context.services.calendarFeeds.enable(viewer: context.viewer) }
        root("Mutation", "revokeCalendarFeed") { _, context in
            let wasOn = try context.services.calendarFeeds.revoke(viewer: context.viewer)
            return AuthOutcome(success: true, message: wasOn ? "The calendar feed is off; its URL no longer works." : "The calendar feed was already off.")
        }
        root("Mutation", "sendTestReminder") { _, context in
            try context.services.reminders.sendTest(viewer: context.viewer)
            return AuthOutcome(success: true, message: "A test reminder is on its way to your address.")
        }
        field("CalendarFeed", "url", of: CalendarFeedService.Feed.self) { $0.url }
        field("CalendarFeed", "createdAt", of: CalendarFeedService.Feed.self) { $0.createdAt }
    }
}
