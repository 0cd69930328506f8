import Domain
import Foundation
import Storage

/// Profiles: reading (own and others' public fields), updating, deleting and exporting accounts.
public struct UserService: Sendable {
    let database: Database
    private let store: UserStore
    let clock: any Clock
    let cipher: FieldCipher
    let tracker: ProgressTracker
    /// Ids of rows an import creates.
    let random: any RandomSource
    /// The recording limits an imported archive's recordings are held to.
    let practice: PracticeSettings

    /// Creates the service.
    public init(
        database: Database, clock: any Clock, cipher: FieldCipher, random: any RandomSource, practice: PracticeSettings = PracticeSettings()
    ) {
        self.database = database
        self.practice = practice
        self.random = random
        store = UserStore(database: database)
        self.clock = clock
        self.cipher = cipher
        tracker = ProgressTracker(database: database)
    }

    /// The signed-in user, or nil for an anonymous request.
    public func me(viewer: Viewer) throws -> User? {
        if case .anonymous = viewer { return nil }
        return try store.find(id: viewer.userID())
    }

    /// Any user by id; what of it a viewer may read is decided per field.
    public func user(id: String) throws -> User? {
        try store.find(id: id)
    }

    /// Users by id (the batched load for lists that refer to users).
    public func users(ids: [String]) throws -> [String: User] {
        try store.find(ids: ids)
    }

    /// Applies profile changes to the signed-in user; preferences are merged, not replaced. A new
    /// time zone moves every log to its day in that zone, so derived progress is rebuilt.
    public func update(viewer: Viewer, changes: ProfileChanges) throws -> User {
        let id = try viewer.userID()
        return try database.transaction(lockingUsers: [id]) { _ in
            guard var user = try store.find(id: id) else { throw APIError(.notFound, "The account no longer exists.") }
            let previousZone = user.preferences.timeZone
            try ProfileValidation.apply(changes, to: &user)
            let now = clock.now()
            user.updatedAt = Timestamp.stamp(now, after: user.updatedAt)
            try store.update(user)
            if user.preferences.timeZone != previousZone { try tracker.rebuild(userID: id, now: now) }
            return user
        }
    }

    /// Deletes the signed-in user and everything that belongs to them, in one transaction.
    public func deleteAccount(viewer: Viewer) throws {
        let id = try viewer.userID()
        try database.transaction(lockingUsers: [id]) { _ in
            guard let user = try store.find(id: id) else { return }
            try AuthStore(database: database).deleteMagicLinks(email: user.email)
            try OutboxStore(database: database, cipher: cipher).deleteMessages(to: user.email)
            try store.delete(id: id)
        }
    }
}
