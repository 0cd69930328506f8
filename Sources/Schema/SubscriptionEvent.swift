/// The root value of one delivery of a subscription: which object changed.
public struct SubscriptionEvent: Sendable {
    /// The changed object's id (a session id for `practiceSessionUpdated`).
    public let subjectID: String

    /// Creates an event.
    public init(subjectID: String) {
        self.subjectID = subjectID
    }
}

extension ResolverTable {
    /// Subscription fields: each delivery resolves the changed object for the subscriber.
    mutating func registerSubscriptions() {
        set("Subscription", "practiceSessionUpdated", .request { source, _, context in
            guard let event = source as? SubscriptionEvent else {
                throw SchemaMismatch(detail: "subscriptions run through Endpoint.subscribe")
            }
            guard let session = try context.services.sessions.session(viewer: context.viewer, id: event.subjectID) else {
                throw APIError(.notFound, "There is no practice session with this id.")
            }
            Self.prime(sessions: [session], context)
            return session
        })
        set("Subscription", "myChanges", .request { source, _, context in
            guard let event = source as? SubscriptionEvent else {
                throw SchemaMismatch(detail: "subscriptions run through Endpoint.subscribe")
            }
            let parts = event.subjectID.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let entity = ChangedEntity(rawValue: parts[0]) else {
                throw SchemaMismatch(detail: "a change event names ENTITY ID")
            }
            return try context.services.sync.change(viewer: context.viewer, entity: entity, id: parts[1])
        })
        set("Subscription", "achievementUnlocked", .request { source, _, context in
            guard let event = source as? SubscriptionEvent else {
                throw SchemaMismatch(detail: "subscriptions run through Endpoint.subscribe")
            }
            guard let status = try context.services.progress.achievement(viewer: context.viewer, id: event.subjectID) else {
                throw APIError(.notFound, "There is no achievement with this id.")
            }
            return status
        })
    }
}

import Domain
