import Domain
import Foundation
import Schema
import Services
import Storage

/// A live subscription (GraphQL over Server-Sent Events, distinct connections): it polls the
/// events table and executes the subscription document once per event that concerns it.
public final class EventStream: @unchecked Sendable {
    /// How often the events table is polled (events reach subscribers within this delay).
    public static let pollInterval: UInt64 = 200_000_000

    private let engine: GraphQLEngine
    private let operation: BoundOperation
    private let events: EventStore
    private let topic: EventTopic
    private let subjectID: String?
    /// The subscriber's account.
    public let userID: String
    /// Where the subscriber connects from.
    public let clientAddress: String
    private let makeContext: @Sendable () -> RequestContext
    /// How long one delivery may take to resolve (the request limit).
    private let timeoutMilliseconds: Int
    private let reachedEnd: @Sendable () -> Bool
    private let authorization: @Sendable () -> APIError?
    private var cursor: Int64
    private var quietPolls = 0
    /// On PostgreSQL, where committed changes arrive instead of being polled for.
    private let signal: EventSignals.Subscription?
    private let signals: EventSignals?
    /// Why the stream ended early, as a GraphQL response to send before closing it (the
    /// sign-in was logged out or expired); nil while it lives or when it simply completed.
    public private(set) var endingError: String?
    /// Whether the subscribed object reached a final state (a session completed or
    /// abandoned): nothing more will be delivered, and the transport ends the stream.
    public private(set) var isFinished = false

    /// Creates a stream that starts after the newest event now stored; `reachedEnd` tells
    /// whether the subscribed object is in a final state, `authorization` whether the
    /// subscriber's credentials still hold (nil) or why not.
    init(
        engine: GraphQLEngine, operation: BoundOperation, clientAddress: String, events: EventStore, topic: EventTopic, subjectID: String?,
        userID: String, makeContext: @escaping @Sendable () -> RequestContext, timeoutMilliseconds: Int,
        reachedEnd: @escaping @Sendable () -> Bool, authorization: @escaping @Sendable () -> APIError?, signals: EventSignals? = nil
    ) throws {
        self.signals = signals
        signal = signals?.subscribe(userID: userID, topic: topic)
        self.reachedEnd = reachedEnd
        self.authorization = authorization
        self.engine = engine
        self.operation = operation
        self.clientAddress = clientAddress
        self.events = events
        self.topic = topic
        self.subjectID = subjectID
        self.userID = userID
        self.makeContext = makeContext
        self.timeoutMilliseconds = timeoutMilliseconds
        cursor = try events.latestID(userID: userID, topic: topic)
        isFinished = reachedEnd()
    }

    deinit {
        if let signal { signals?.cancel(signal) }
    }

    /// The next payloads (`ExecutionResult` JSON, one per event), after waiting at most one poll
    /// interval (on PostgreSQL: until a change is committed, at most 5 s); empty when nothing happened.
    public func next() async -> [String] {
        var found: [EventStore.Event]
        if let signal {
            found = await signal.next(waitingAtMost: 5).map { EventStore.Event(id: 0, subjectID: $0) }
            quietPolls = found.isEmpty ? 25 : 0
        } else {
            found = (try? events.events(userID: userID, topic: topic, after: cursor)) ?? []
            if found.isEmpty {
                try? await Task.sleep(nanoseconds: Self.pollInterval)
                found = (try? events.events(userID: userID, topic: topic, after: cursor)) ?? []
            }
            quietPolls = found.isEmpty ? quietPolls + 1 : 0
        }
        // Credentials are checked before every delivery, and about every 5 s while quiet, so a
        // stream ends soon after its sign-in is logged out or its token expires.
        if !found.isEmpty || quietPolls >= 25 {
            quietPolls = 0
            if let error = authorization() {
                endingError = ResponseWriter.requestError([error]).body
                isFinished = true
                return []
            }
        }
        var payloads: [String] = []
        if signal == nil { cursor = found.last?.id ?? cursor }
        // Each delivery resolves the object's current state, so changes that land within one poll
        // are coalesced into one delivery per object (its latest state), in order of last change.
        var seen: Set<String> = []
        let latest = found.reversed().filter { seen.insert($0.subjectID).inserted }.reversed()
        for event in latest {
            if let subjectID, event.subjectID != subjectID { continue }
            guard let outcome = await engine.run(
                operation, event: event.subjectID, context: makeContext(), timeoutMilliseconds: timeoutMilliseconds) else { continue }
            payloads.append(ResponseWriter.result(outcome).body)
        }
        if !found.isEmpty { isFinished = reachedEnd() }
        return payloads
    }
}
