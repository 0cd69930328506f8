import ArgumentParser
import Endpoint
import Foundation

/// `mirubato remind`: queues the practice reminders due now. Run it every minute (cron, a
/// systemd timer, or `scripts/serve`'s loop); `mirubato mail send` delivers them.
struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queue the practice reminders due now (run every minute).",
        discussion: """
            A user gets one when reminders are on, their local reminder time has passed today and they have not practised \
            today: at most one per local day, however many hosts run this at once.
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        let configuration = try store.configuration()
        let queued = try Runtime(configuration: configuration).services.reminders.run()
        print("\(queued) reminder\(queued == 1 ? "" : "s") queued")
    }
}
