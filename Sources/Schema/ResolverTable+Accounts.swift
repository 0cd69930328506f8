import Domain
import Services

/// A user as served, with whether the viewer may read the private fields (they are that user).
struct UserView: Sendable {
    /// The user.
    let user: User
    /// Whether the viewer is this user.
    let isSelf: Bool

    /// Wraps a user whose privacy is known.
    init(_ user: User, isSelf: Bool) {
        self.user = user
        self.isSelf = isSelf
    }

    /// Wraps a user as seen by a viewer; nil for no user.
    init?(_ user: User?, viewer: Viewer) {
        guard let user else { return nil }
        if case .user(let id, _) = viewer { isSelf = id == user.id } else { isSelf = false }
        self.user = user
    }
}

/// The outcome of a sign-in or account action (`AuthPayload`).
struct AuthOutcome: Sendable {
    /// Whether the action succeeded.
    let success: Bool
    /// A message for the user.
    let message: String
}

extension ResolverTable {
    /// Sign-in, profiles and accounts: `me`, `user`, `exportMyData` and the account mutations.
    mutating func registerAccounts() {
        root("Query", "me") { _, context in
            UserView(try context.services.users.me(viewer: context.viewer), viewer: context.viewer)
        }
        root("Query", "user") { arguments, context in
            UserView(try context.services.users.user(id: arguments.requiredString("id")), viewer: context.viewer)
        }
        root("Query", "exportMyData") { _, context in try context.services.users.export(viewer: context.viewer) }

        root("Mutation", "requestMagicLink") { arguments, context in
            try context.services.auth.requestMagicLink(email: arguments.requiredString("email"), client: context.clientAddress)
            return AuthOutcome(success: true, message: "If the address can receive mail, a sign-in link is on its way.")
        }
        root("Mutation", "verifyMagicLink") { arguments, context in
            let pair = try context.services.auth.verifyMagicLink(token: arguments.requiredString("token"))
            context.effects.request(.set(token: pair.accessToken, maxAge: pair.expiresIn))
            return pair
        }
        root("Mutation", "refreshToken") { arguments, context in
            let pair = try context.services.auth.refresh(token: arguments.requiredString("refreshToken"))
            context.effects.request(.set(token: pair.accessToken, maxAge: pair.expiresIn))
            return pair
        }
        root("Mutation", "logout") { _, context in
            try context.services.auth.logout(viewer: context.viewer)
            context.effects.request(.clear)
            return AuthOutcome(success: true, message: "Signed out.")
        }
        root("Mutation", "deleteAccount") { _, context in
            try context.services.users.deleteAccount(viewer: context.viewer)
            context.effects.request(.clear)
            return AuthOutcome(success: true, message: "Your account and all its data have been deleted.")
        }
        root("Mutation", "importMyData") { arguments, context in
            try context.services.users.importData(viewer: context.viewer, document: arguments.json("document") ?? .null)
        }
        root("Mutation", "importMyArchive") { arguments, context in
            let part = try arguments.requiredString("archive")
            guard let file = context.uploads[part] else {
                throw APIError.invalid("archive", "No file came with the request for `archive`: send it as a GraphQL multipart request.")
            }
            return try context.services.users.importArchive(viewer: context.viewer, archive: file.bytes)
        }
        field("ImportMyDataPayload", "imported", of: UserService.ImportSummary.self) { $0.imported }
        field("ImportMyDataPayload", "skipped", of: UserService.ImportSummary.self) { $0.skipped }
        root("Mutation", "updateUser") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return UserView(try context.services.users.update(viewer: context.viewer, changes: Self.profileChanges(input)), isSelf: true)
        }

        field("AuthPayload", "success", of: AuthOutcome.self) { $0.success }
        field("AuthPayload", "message", of: AuthOutcome.self) { $0.message }
        field("TokenPayload", "accessToken", of: TokenPair.self) { $0.accessToken }
        field("TokenPayload", "refreshToken", of: TokenPair.self) { $0.refreshToken }
        field("TokenPayload", "expiresIn", of: TokenPair.self) { $0.expiresIn }
        field("TokenPayload", "user", of: TokenPair.self) { UserView($0.user, isSelf: true) }

        field("User", "id", of: UserView.self) { $0.user.id }
        field("User", "displayName", of: UserView.self) { $0.user.displayName }
        field("User", "avatarUrl", of: UserView.self) { $0.user.avatarURL }
        field("User", "primaryInstrument", of: UserView.self) { $0.user.primaryInstrument.name }
        field("User", "skillLevel", of: UserView.self) { $0.user.skillLevel?.name }
        field("User", "createdAt", of: UserView.self) { $0.user.createdAt }
        field("User", "updatedAt", of: UserView.self) { $0.user.updatedAt }
        field("User", "lastLoginAt", of: UserView.self) { $0.user.lastLoginAt }
        // Private fields: only the user themself may read them.
        field("User", "email", of: UserView.self) { try Self.own($0).email }
        field("User", "preferences", of: UserView.self) { try Self.own($0).preferences }
        field("User", "stats", of: UserView.self) { view, _, context in
            try context.services.progress.stats(userID: Self.own(view).id)
        }

        field("UserPreferences", "theme", of: UserPreferences.self) { $0.theme.name }
        field("UserPreferences", "notationSize", of: UserPreferences.self) { $0.notationSize.name }
        field("UserPreferences", "practiceReminders", of: UserPreferences.self) { $0.practiceReminders }
        field("UserPreferences", "reminderTime", of: UserPreferences.self) { $0.reminderTime }
        field("UserPreferences", "dailyGoalMinutes", of: UserPreferences.self) { $0.dailyGoalMinutes }
        field("UserPreferences", "timeZone", of: UserPreferences.self) { $0.timeZone }
        field("UserPreferences", "customSettings", of: UserPreferences.self) { $0.customSettings.map(JSONValue.object) }
    }

    /// The user, if the viewer is that user; otherwise the field is forbidden.
    private static func own(_ view: UserView) throws -> User {
        guard view.isSelf else { throw APIError(.forbidden, "Only the user themself can see this field.") }
        return view.user
    }

    private static func profileChanges(_ input: Arguments) -> ProfileChanges {
        var changes = ProfileChanges()
        changes.displayName = input.stringChange("displayName")
        changes.avatarURL = input.stringChange("avatarUrl")
        changes.primaryInstrument = input.enumeration("primaryInstrument")
        changes.skillLevel = input.change("skillLevel") { $0.enumeration($1) }
        if let preferences = input.object("preferences") {
            changes.theme = preferences.enumeration("theme")
            changes.notationSize = preferences.enumeration("notationSize")
            changes.practiceReminders = preferences.bool("practiceReminders")
            changes.reminderTime = preferences.stringChange("reminderTime")
            changes.dailyGoalMinutes = preferences.int("dailyGoalMinutes")
            changes.timeZone = preferences.string("timeZone")
            changes.customSettings = preferences.json("customSettings")?.objectValue
        }
        return changes
    }
}
