import Domain
import Storage

/// Practice templates: reusable pre-filled log fields.
public struct TemplateService: Sendable {
    private let database: Database
    private let store: TemplateStore
    private let clock: any Clock
    private let random: any RandomSource

    /// Creates the service.
    public init(database: Database, clock: any Clock, random: any RandomSource) {
        self.database = database
        store = TemplateStore(database: database)
        self.clock = clock
        self.random = random
    }

    /// The user's templates by name.
    public func templates(viewer: Viewer) throws -> [PracticeTemplate] {
        try store.list(userID: viewer.userID())
    }

    /// Creates a template; a replay with the same client id and content returns the stored one.
    public func create(viewer: Viewer, clientID: String?, requestHash: String, draft: TemplateDraft) throws -> PracticeTemplate {
        let userID = try viewer.userID()
        try PracticeRules.checkClientID(clientID)
        return try database.transaction(lockingUsers: [userID]) { _ in
            if let stored = try PracticeRules.replay(
                clientID: clientID, requestHash: requestHash, find: { try store.find(id: $0, userID: userID) },
                hash: \.createHash, exists: store.exists(id:)
            ) { return stored }
            guard let name = draft.name else { throw APIError.invalid("name", "name is required.") }
            guard let activity = draft.activityType else { throw APIError.invalid("activityType", "activityType is required.") }
            var template = PracticeTemplate(
                id: clientID ?? Nanoid.make(using: random), userID: userID, name: name, activityType: activity, createdAt: clock.now())
            template.createHash = requestHash
            try apply(draft, to: &template)
            try store.save(template)
            return template
        }
    }

    /// Changes a template; a stale `expectedUpdatedAt` is `CONFLICT`.
    public func update(viewer: Viewer, id: String, draft: TemplateDraft, expectedUpdatedAt: Timestamp?) throws -> PracticeTemplate {
        let userID = try viewer.userID()
        return try database.transaction(lockingUsers: [userID]) { _ in
            guard var template = try store.find(id: id, userID: userID) else {
                throw APIError(.notFound, "There is no practice template with this id.")
            }
            if let expected = expectedUpdatedAt, expected != template.updatedAt {
                throw APIError(.conflict, "The template changed since you last saw it.", extensions: ["updatedAt": .string(template.updatedAt.iso8601)])
            }
            try apply(draft, to: &template)
            template.updatedAt = Timestamp.stamp(clock.now(), after: template.updatedAt)
            try store.save(template)
            return template
        }
    }

    /// Deletes a template of the user.
    public func delete(viewer: Viewer, id: String) throws {
        guard try store.delete(id: id, userID: viewer.userID()) else {
            throw APIError(.notFound, "There is no practice template with this id.")
        }
    }

    private func apply(_ draft: TemplateDraft, to template: inout PracticeTemplate) throws {
        if let name = draft.name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...200).contains(trimmed.count) else { throw APIError.invalid("name", "name must be 1 to 200 characters.") }
            template.name = trimmed
        }
        if let activity = draft.activityType { template.activityType = activity }
        template.composer = draft.composer.applied(to: template.composer)
        template.workTitle = draft.workTitle.applied(to: template.workTitle)
        template.opusNumber = draft.opusNumber.applied(to: template.opusNumber)
        template.movementSection = draft.movementSection.applied(to: template.movementSection)
        template.tempo = draft.tempo.applied(to: template.tempo)
        if let areas = draft.focusAreas { template.focusAreas = areas }
        try PracticeRules.check("tempo", template.tempo, in: 1...400, "tempo")
        for (field, text) in [("composer", template.composer), ("workTitle", template.workTitle),
                              ("opusNumber", template.opusNumber), ("movementSection", template.movementSection)] {
            try PracticeRules.checkText(field, text)
        }
    }
}

import Foundation
