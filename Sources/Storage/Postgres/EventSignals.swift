import Domain
import Foundation
import Synchronization

/// Events across hosts on PostgreSQL: the transaction that appends an event also sends
/// `pg_notify('mirubato_events', 'USER TOPIC SUBJECT')`, delivered at commit, in commit order, to
/// every host. One listening connection per process hands each to the streams of that user and
/// topic, so a subscriber on any host hears of a change as soon as it is committed, and no stream
/// polls the events table.
public final class EventSignals: @unchecked Sendable {
    /// The channel every host listens on.
    static let channel = "mirubato_events"

    /// One stream's mailbox: the subjects that changed since it last looked.
    public final class Subscription: @unchecked Sendable {
        let userID: String
        let topic: EventTopic
        private let state = Mutex<(subjects: [String], waiter: CheckedContinuation<Void, Never>?)>(([], nil))

        init(userID: String, topic: EventTopic) {
            self.userID = userID
            self.topic = topic
        }

        /// The subjects that changed, after waiting at most `seconds` for one; empty when none did.
        public func next(waitingAtMost seconds: Double) async -> [String] {
            if let ready = take() { return ready }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    guard state.subjects.isEmpty else { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume(); return }
                Task {
                    try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                    self.wake()
                }
            }
            return take() ?? []
        }

        func deliver(_ subject: String) {
            state.withLock { $0.subjects.append(subject) }
            wake()
        }

        private func wake() {
            state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }?.resume()
        }

        private func take() -> [String]? {
            state.withLock { state in
                guard !state.subjects.isEmpty else { return nil }
                defer { state.subjects = [] }
                return state.subjects
            }
        }
    }

    private let uri: String
    private let subscriptions = Mutex<[ObjectIdentifier: Subscription]>([:])

    /// Starts listening on its own connection (and thread); throws when it cannot connect.
    public init(postgres uri: String) throws {
        self.uri = uri
        // Handed to the listening thread, which alone uses it from then on.
        nonisolated(unsafe) let connection = try Self.listening(uri)
        // The thread holds the hub weakly: when its runtime lets go of it, the thread ends within
        // a second and closes the connection.
        Thread { [weak self] in Self.run(connection, uri: uri, hub: { self }) }.start()
    }

    /// A mailbox for the changes of one user's topic; `cancel` it when the stream ends.
    public func subscribe(userID: String, topic: EventTopic) -> Subscription {
        let subscription = Subscription(userID: userID, topic: topic)
        subscriptions.withLock { $0[ObjectIdentifier(subscription)] = subscription }
        return subscription
    }

    /// Stops delivering to a mailbox.
    public func cancel(_ subscription: Subscription) {
        _ = subscriptions.withLock { $0.removeValue(forKey: ObjectIdentifier(subscription)) }
    }

    /// The payload a transaction sends for an event.
    static func payload(userID: String, topic: EventTopic, subjectID: String) -> String {
        "\(userID) \(topic.rawValue) \(subjectID)"
    }

    private static func listening(_ uri: String) throws -> PostgresConnection {
        let connection = try PostgresConnection(conninfo: uri)
        try connection.execute("LISTEN \(channel)")
        return connection
    }

    /// Hands notifications out while the hub lives; after a lost connection it reconnects and
    /// listens again (what was sent meanwhile is missed: streams deliver current state on their
    /// next change).
    private static func run(_ first: PostgresConnection, uri: String, hub: () -> EventSignals?) {
        var connection: PostgresConnection? = first
        while hub() != nil {
            guard let listener = connection else {
                Thread.sleep(forTimeInterval: 1)
                connection = try? listening(uri)
                continue
            }
            do {
                let payloads = try listener.notifications(waitingMilliseconds: 1000)
                guard let signals = hub() else { return }
                for payload in payloads { signals.dispatch(payload) }
            } catch {
                connection = nil
            }
        }
    }

    private func dispatch(_ payload: String) {
        let parts = payload.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3, let topic = EventTopic(rawValue: parts[1]) else { return }
        let targets = subscriptions.withLock { $0.values.filter { $0.userID == parts[0] && $0.topic == topic } }
        for subscription in targets { subscription.deliver(parts[2]) }
    }
}
