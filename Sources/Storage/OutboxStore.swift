import Domain

/// SQL for `email_outbox`: messages written in the same transaction as what caused them, sent later.
public struct OutboxStore: Sendable {
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// A message in the outbox.
    public struct Message: Sendable, Equatable {
        /// Identifier.
        public let id: String
        /// Recipient address.
        public let recipient: String
        /// Subject line.
        public let subject: String
        /// Plain-text body.
        public let body: String
        /// When it was queued.
        public let createdAt: Timestamp
        /// Failed delivery attempts so far.
        public let attempts: Int
    }

    /// Queues a message.
    public func enqueue(id: String, recipient: String, subject: String, body: String, at instant: Timestamp) throws {
        try database.run(
            "INSERT INTO email_outbox (id, recipient, subject, body, created_at) VALUES (?, ?, ?, ?, ?)",
            [.text(id), .text(recipient), .text(subject), .text(body), .text(instant.iso8601)])
    }

    /// Messages not sent yet, oldest first.
    public func pending(limit: Int = 1000) throws -> [Message] {
        try database.query(
            "SELECT id, recipient, subject, body, created_at, attempts FROM email_outbox WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?",
            [.integer(Int64(limit))]
        ) { row in
            Message(
                id: row.string(0) ?? "", recipient: row.string(1) ?? "", subject: row.string(2) ?? "",
                body: row.string(3) ?? "", createdAt: row.timestamp(4) ?? Timestamp(milliseconds: 0), attempts: row.integer(5) ?? 0)
        }
    }

    /// Records a successful delivery.
    public func markSent(id: String, at instant: Timestamp) throws {
        try database.run("UPDATE email_outbox SET sent_at = ? WHERE id = ?", [.text(instant.iso8601), .text(id)])
    }

    /// Records a failed delivery attempt.
    public func markFailed(id: String, error: String) throws {
        try database.run(
            "UPDATE email_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", [.text(error), .text(id)])
    }

    /// Removes every message to an address (account deletion).
    public func deleteMessages(to recipient: String) throws {
        try database.run("DELETE FROM email_outbox WHERE recipient = ?", [.text(recipient)])
    }
}
