import Domain
import Foundation

/// Request counters and a latency histogram for one server process, in Prometheus text format.
public final class Metrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
    /// Most distinct operation names tracked; clients choose names, so the rest count as `other`.
    static let maxOperations = 200

    private let lock = NSLock()
    private var requests: [String: Int] = [:]
    private var errors: [String: Int] = [:]
    private var bucketCounts = [Int](repeating: 0, count: buckets.count)
    private var count = 0
    private var sum = 0.0
    private var operations: Set<String> = []
    private var retries = 0

    /// Creates empty metrics.
    public init() {}

    /// Records one answered request.
    func record(operation: String?, status: Int, seconds: Double, errorCodes: [APIError.Code]) {
        lock.withLock {
            var name = operation ?? "anonymous"
            if !operations.contains(name) {
                if operations.count < Self.maxOperations { operations.insert(name) } else { name = "other" }
            }
            requests["operation=\"\(name)\",status=\"\(status)\"", default: 0] += 1
            for code in errorCodes { errors["code=\"\(code.rawValue)\"", default: 0] += 1 }
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { bucketCounts[index] += 1 }
            count += 1
            sum += seconds
        }
    }

    /// Records a database transaction run again after a serialization failure or a deadlock.
    func recordRetry() {
        lock.withLock { retries += 1 }
    }

    /// The metrics in Prometheus text exposition format, with the process's SQLite write
    /// transactions and commits when given.
    public func exposition(writes: (transactions: Int, commits: Int)? = nil) -> String {
        lock.withLock {
            var text = "# HELP mirubato_requests_total Requests answered, by operation name and HTTP status.\n"
            text += "# TYPE mirubato_requests_total counter\n"
            for (labels, value) in requests.sorted(by: { $0.key < $1.key }) { text += "mirubato_requests_total{\(labels)} \(value)\n" }
            text += "# HELP mirubato_errors_total GraphQL errors answered, by extensions.code.\n"
            text += "# TYPE mirubato_errors_total counter\n"
            for (labels, value) in errors.sorted(by: { $0.key < $1.key }) { text += "mirubato_errors_total{\(labels)} \(value)\n" }
            text += "# HELP mirubato_request_duration_seconds Time to answer a request in the handler.\n"
            text += "# TYPE mirubato_request_duration_seconds histogram\n"
            for (index, bound) in Self.buckets.enumerated() {
                text += "mirubato_request_duration_seconds_bucket{le=\"\(bound)\"} \(bucketCounts[index])\n"
            }
            text += "mirubato_request_duration_seconds_bucket{le=\"+Inf\"} \(count)\n"
            text += "mirubato_request_duration_seconds_sum \(sum)\n"
            text += "mirubato_request_duration_seconds_count \(count)\n"
            text += Self.counter("mirubato_transaction_retries_total", retries,
                                 "Database transactions run again after a serialization failure or a deadlock.")
            if let writes {
                text += Self.counter("mirubato_sqlite_write_transactions_total", writes.transactions,
                                     "Write transactions the process ran on the SQLite database.")
                text += Self.counter("mirubato_sqlite_commits_total", writes.commits,
                                     "Commits that made them durable: fewer when writers queued behind one another shared one.")
            }
            return text
        }
    }

    /// One unlabelled counter with its help and type lines.
    private static func counter(_ name: String, _ value: Int, _ help: String) -> String {
        "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name) \(value)\n"
    }
}
