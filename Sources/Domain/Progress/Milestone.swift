/// A notable step in a user's progress, on the local day it happened.
public struct Milestone: Sendable, Equatable, Codable {
    /// The day.
    public var day: LocalDay
    /// What was achieved, such as `Level 3 in Technique (piano)`.
    public var title: String

    /// Creates a milestone.
    public init(day: LocalDay, title: String) {
        self.day = day
        self.title = title
    }

    /// The stored JSON form.
    public var json: JSONValue {
        .object(["day": .string(day.description), "title": .string(title)])
    }

    /// Reads the stored JSON form; nil when malformed.
    public init?(json: JSONValue) {
        guard let day = json["day"]?.stringValue.flatMap(LocalDay.init), let title = json["title"]?.stringValue else { return nil }
        self.init(day: day, title: title)
    }
}
