/// A user's app settings, stored as JSON in `users.preferences`.
public struct UserPreferences: Sendable, Equatable {
    /// Colour theme.
    public enum Theme: String, NamedEnum {
        case light, dark, system
    }

    /// Notation size.
    public enum NotationSize: String, NamedEnum {
        case small, medium, large
    }

    /// Colour theme.
    public var theme: Theme = .system
    /// Notation size.
    public var notationSize: NotationSize = .medium
    /// Whether to send practice reminders.
    public var practiceReminders = false
    /// Local reminder time, `HH:MM`.
    public var reminderTime: String?
    /// Daily practice target in minutes.
    public var dailyGoalMinutes = 30
    /// IANA time zone days and streaks are counted in.
    public var timeZone = "UTC"
    /// Free-form client settings (a JSON object).
    public var customSettings: [String: JSONValue]?

    /// The defaults every new user starts with.
    public init() {}

    /// Reads stored preferences; unknown or missing members fall back to the defaults.
    public init(json: JSONValue?) {
        guard let json else { return }
        theme = json["theme"]?.stringValue.flatMap(Theme.init(rawValue:)) ?? theme
        notationSize = json["notationSize"]?.stringValue.flatMap(NotationSize.init(rawValue:)) ?? notationSize
        if case .bool(let flag)? = json["practiceReminders"] { practiceReminders = flag }
        reminderTime = json["reminderTime"]?.stringValue
        dailyGoalMinutes = json["dailyGoalMinutes"]?.integerValue.map { Int($0) } ?? dailyGoalMinutes
        timeZone = json["timeZone"]?.stringValue ?? timeZone
        customSettings = json["customSettings"]?.objectValue
    }

    /// The time zone of stored preferences (`json`'s text), read alone: what `init(json:)` of
    /// the parsed text gives, without building the other members (every log write reads it).
    public static func timeZone(ofStored text: String?) -> String {
        text.flatMap { JSONParser.member("timeZone", of: $0)?.stringValue } ?? UserPreferences().timeZone
    }

    /// The stored JSON form.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "theme": .string(theme.rawValue), "notationSize": .string(notationSize.rawValue),
            "practiceReminders": .bool(practiceReminders), "dailyGoalMinutes": .integer(Int64(dailyGoalMinutes)),
            "timeZone": .string(timeZone),
        ]
        if let reminderTime { members["reminderTime"] = .string(reminderTime) }
        if let customSettings { members["customSettings"] = .object(customSettings) }
        return .object(members)
    }
}
