/// What a stored event is about: the topics live subscriptions follow. One list, so a writer and
/// a subscriber cannot spell a topic two ways.
public enum EventTopic: String, Sendable, CaseIterable {
    /// A practice session changed (`practiceSessionUpdated`).
    case practiceSession = "practice_session"
    /// An achievement was unlocked (`achievementUnlocked`).
    case achievement
    /// A record of the user changed (`myChanges`): read from the change feed, whose numbers
    /// are the stream's positions; never stored in `events`.
    case changes
}
