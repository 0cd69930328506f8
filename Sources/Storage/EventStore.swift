import Domain

/// SQL for `events`: what changed, for live subscriptions.
public struct EventStore: Sendable {
    /// One stored event.
    public struct Event: Sendable, Equatable {
        /// Position in the stream.
        public let id: Int64
        /// The changed object's id.
        public let subjectID: String

        /// Creates an event.
        public init(id: Int64, subjectID: String) {
            self.id = id
            self.subjectID = subjectID
        }
    }

    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// How long events are kept: a live stream reads them within a second of their write and
    /// starts after the newest one, so an hour covers any reconnecting subscriber.
    public static let retentionSeconds: Int64 = 3600
    /// Every this many appends, events past the retention are removed (in the same transaction).
    static let pruneEvery: Int64 = 256

    /// Appends an event (call inside the transaction that made the change); now and then it
    /// also removes the events past the retention, so the table never grows without bound.
    public func append(userID: String, topic: EventTopic, subjectID: String, at instant: Timestamp) throws {
        let id = try database.first(
            "INSERT INTO events (user_id, topic, subject_id, created_at) VALUES (?, ?, ?, ?) RETURNING id",
            [.text(userID), .text(topic.rawValue), .text(subjectID), .text(instant.iso8601)]) { $0.int64(0) ?? 0 } ?? 0
        if id % Self.pruneEvery == 0 { try prune(before: instant.adding(seconds: -Self.retentionSeconds)) }
        if database.dialect == .postgres {
            // Sent at commit, to the listeners of every host (`EventSignals`); dropped on rollback.
            // Nothing reads its answer: it goes with the transaction's next round trip.
            try database.send(
                "SELECT pg_notify(?, ?)", [.text(EventSignals.channel), .text(EventSignals.payload(userID: userID, topic: topic, subjectID: subjectID))])
        }
    }

    /// Where a new stream of the user's topic starts: after the newest event (0 when there is
    /// none), or for `.changes` after the user's latest change-feed number.
    public func latestID(userID: String, topic: EventTopic) throws -> Int64 {
        if topic == .changes { return try ChangeStore(database: database).head(userID: userID).seq }
        return try database.first("SELECT coalesce(max(id), 0) FROM events") { $0.int64(0) ?? 0 } ?? 0
    }

    /// The user's events of a topic after `afterID`, oldest first. For `.changes` they are the
    /// change feed's entries, each about "ENTITY ID".
    public func events(userID: String, topic: EventTopic, after afterID: Int64, limit: Int = 100) throws -> [Event] {
        if topic == .changes {
            return try ChangeStore(database: database).entries(userID: userID, after: afterID, limit: limit).map {
                Event(id: $0.seq, subjectID: "\($0.entity.rawValue) \($0.id)")
            }
        }
        return try database.query(
            "SELECT id, subject_id FROM events WHERE user_id = ? AND topic = ? AND id > ? ORDER BY id LIMIT ?",
            [.text(userID), .text(topic.rawValue), .integer(afterID), .integer(Int64(limit))]
        ) { Event(id: Int64(try $0.number("id")), subjectID: try $0.text("subject_id")) }
    }

    /// Removes events older than `instant`.
    public func prune(before instant: Timestamp) throws {
        try database.run("DELETE FROM events WHERE created_at < ?", [.text(instant.iso8601)])
    }
}
