/// A reusable set of pre-filled log fields, as stored in `practice_templates`.
public struct PracticeTemplate: Sendable, Equatable, Identifiable {
    /// Stable identifier.
    public var id: String
    /// Owner.
    public var userID: String
    /// Name shown to the user.
    public var name: String
    /// Activity type of logs made from it.
    public var activityType: ActivityType
    /// Composer.
    public var composer: String?
    /// Work title.
    public var workTitle: String?
    /// Opus number.
    public var opusNumber: String?
    /// Movement or section.
    public var movementSection: String?
    /// Tempo.
    public var tempo: Int?
    /// Focus areas.
    public var focusAreas: [FocusArea]
    /// When the row was created.
    public var createdAt: Timestamp
    /// When the row last changed.
    public var updatedAt: Timestamp
    /// Hash of the create request, for safe replay.
    public var createHash: String?

    /// Creates a template with the required fields.
    public init(id: String, userID: String, name: String, activityType: ActivityType, createdAt: Timestamp) {
        self.id = id
        self.userID = userID
        self.name = name
        self.activityType = activityType
        focusAreas = []
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}
