/// The fields of a practice template a client sends; unset fields keep their values.
public struct TemplateDraft: Sendable, Equatable {
    /// Name.
    public var name: String?
    /// Activity type.
    public var activityType: ActivityType?
    /// Composer.
    public var composer: FieldChange<String> = .keep
    /// Work title.
    public var workTitle: FieldChange<String> = .keep
    /// Opus number.
    public var opusNumber: FieldChange<String> = .keep
    /// Movement or section.
    public var movementSection: FieldChange<String> = .keep
    /// Tempo.
    public var tempo: FieldChange<Int> = .keep
    /// Focus areas.
    public var focusAreas: [FocusArea]?

    /// An empty draft.
    public init() {}
}

/// Changes to the user's relation to a piece; unset fields keep their values.
public struct PieceProgressChanges: Sendable, Equatable {
    /// Marked learned.
    public var isCompleted: Bool?
    /// Starred.
    public var isStarred: Bool?
    /// Bookmarked.
    public var isBookmarked: Bool?
    /// Difficulty rating 1–5.
    public var difficultyRating: FieldChange<Int> = .keep
    /// Notes.
    public var notes: FieldChange<String> = .keep

    /// No changes.
    public init() {}
}
