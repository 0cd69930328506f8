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
        resolvers["Subscription", default: [:]]["practiceSessionUpdated"] = .request { source, _, context in
            guard let event = source as? SubscriptionEvent else {
                throw SchemaMismatch(detail: "subscriptions run through Endpoint.subscribe")
            }
            guard let session = try context.services.sessions.session(viewer: context.viewer, id: event.subjectID) else {
                throw APIError(.notFound, "There is no practice session with this id.")
            }
            Self.prime(sessions: [session], context)
            return session
        }
        resolvers["Subscription", default: [:]]["achievementUnlocked"] = .request { source, _, context in
            guard let event = source as? SubscriptionEvent else {
                throw SchemaMismatch(detail: "subscriptions run through Endpoint.subscribe")
            }
            guard let status = try context.services.progress.achievement(viewer: context.viewer, id: event.subjectID) else {
                throw APIError(.notFound, "There is no achievement with this id.")
            }
            return status
        }
    }
}

import Domain
