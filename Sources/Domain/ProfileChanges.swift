/// What `updateUser` asks to change; nil fields stay as they are. A field given as null clears it
/// where the schema allows (`displayName`, `avatarUrl`, `skillLevel`, `reminderTime`).
public struct ProfileChanges: Sendable, Equatable {
    /// Name shown to others.
    public var displayName: FieldChange<String> = .keep
    /// Picture URL.
    public var avatarURL: FieldChange<String> = .keep
    /// Primary instrument.
    public var primaryInstrument: Instrument?
    /// Skill level.
    public var skillLevel: FieldChange<SkillLevel> = .keep
    /// Colour theme.
    public var theme: UserPreferences.Theme?
    /// Notation size.
    public var notationSize: UserPreferences.NotationSize?
    /// Reminders on or off.
    public var practiceReminders: Bool?
    /// Reminder time.
    public var reminderTime: FieldChange<String> = .keep
    /// Daily goal in minutes.
    public var dailyGoalMinutes: Int?
    /// IANA time zone.
    public var timeZone: String?
    /// Custom settings merged key by key; a null value removes its key.
    public var customSettings: [String: JSONValue]?

    /// No changes.
    public init() {}
}
