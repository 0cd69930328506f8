import Dispatch
import Foundation

/// The SQL statements a traced request runs, with their timings. A request that is traced sets
/// one as the task-local `current`; every connection then records the statements it runs for
/// that task (texts only: bound values, which may be personal, are never kept). Untraced
/// requests leave it nil and pay one task-local read per statement.
public final class StatementTimings: @unchecked Sendable {
    /// The collector of the running task's request, if it is traced.
    @TaskLocal public static var current: StatementTimings?
    /// Most statements kept per request; past it, later ones are not recorded.
    public static let limit = 200

    /// One statement run.
    public struct Entry: Sendable {
        /// Its SQL text, with `?` for the bound values.
        public let sql: String
        /// When it started and ended, in uptime nanoseconds.
        public let start: UInt64, end: UInt64
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    /// An empty collector.
    public init() {}

    /// The statements recorded so far, in order.
    public var recorded: [Entry] { lock.withLock { entries } }

    func record(_ sql: String, start: UInt64) {
        let end = DispatchTime.now().uptimeNanoseconds
        lock.withLock { if entries.count < Self.limit { entries.append(Entry(sql: sql, start: start, end: end)) } }
    }
}
