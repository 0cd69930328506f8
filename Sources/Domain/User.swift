/// A Mirubato user, as stored in `users`.
public struct User: Sendable, Equatable, Identifiable {
    /// Stable identifier.
    public var id: String
    /// Normalised sign-in address.
    public var email: String
    /// Name shown to others.
    public var displayName: String?
    /// Picture URL.
    public var avatarURL: String?
    /// The instrument the user mainly plays (piano when never chosen).
    public var primaryInstrument: Instrument
    /// Self-declared skill.
    public var skillLevel: SkillLevel?
    /// App settings.
    public var preferences: UserPreferences
    /// When the account was created.
    public var createdAt: Timestamp
    /// When the profile last changed.
    public var updatedAt: Timestamp
    /// When the user last signed in.
    public var lastLoginAt: Timestamp?

    /// Creates a user.
    public init(
        id: String, email: String, displayName: String? = nil, avatarURL: String? = nil,
        primaryInstrument: Instrument = .piano, skillLevel: SkillLevel? = nil,
        preferences: UserPreferences = UserPreferences(), createdAt: Timestamp, updatedAt: Timestamp,
        lastLoginAt: Timestamp? = nil
    ) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.avatarURL = avatarURL
        self.primaryInstrument = primaryInstrument
        self.skillLevel = skillLevel
        self.preferences = preferences
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastLoginAt = lastLoginAt
    }
}

/// A player's self-declared skill.
public enum SkillLevel: String, NamedEnum {
    case beginner
    case intermediate
    case advanced
    case professional
}
