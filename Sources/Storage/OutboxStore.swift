import Domain

/// SQL for `email_outbox`: messages written in the same transaction as what caused them, sent later.
/// Bodies hold live sign-in links, so they are stored encrypted, and a message's body is
/// replaced by a note once it is sent or its link has expired: nobody who can read the file can
/// sign in with what it keeps.
public struct OutboxStore: Sendable {
    private let database: Database
    private let cipher: FieldCipher
    private static let bodyColumn = "email_outbox.body"
    private static let headersColumn = "email_outbox.headers"
    /// Why an expired message is no longer pending.
    private static let expired = "expired before it was sent"

    /// Creates the store over a connection; `cipher` seals and opens bodies.
    public init(database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
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
        /// Header lines besides From, To, Subject and the MIME ones (`List-Unsubscribe: <…>`).
        public var headers: [String] = []
        /// The last delivery error, if any.
        public var lastError: String?
    }

    /// Queues a message, with header lines of its own if any; one with `expiresAt` is given up
    /// on at that instant if not sent by then.
    public func enqueue(
        id: String, recipient: String, subject: String, body: String, headers: [String] = [], expiresAt: Timestamp? = nil,
        at instant: Timestamp
    ) throws {
        let sealedHeaders = headers.isEmpty ? nil : cipher.seal(headers.joined(separator: "\n"), column: Self.headersColumn)
        try database.run(
            "INSERT INTO email_outbox (id, recipient, subject, body, headers, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.text(id), .text(recipient), .text(subject), .text(cipher.seal(body, column: Self.bodyColumn)), .text(sealedHeaders),
             .text(expiresAt?.iso8601), .text(instant.iso8601)])
    }

    /// Messages not sent yet, oldest first.
    public func pending(limit: Int = 1000) throws -> [Message] {
        try database.query(
            """
            SELECT \(Self.columns) FROM email_outbox
            WHERE sent_at IS NULL AND last_error IS DISTINCT FROM ? ORDER BY created_at, id LIMIT ?
            """,
            [.text(Self.expired), .integer(Int64(limit))], message)
    }

    /// The newest message to `recipient` (or to anyone), sent or not: what `mail list --body`
    /// and tests read a fresh sign-in link from.
    public func newest(to recipient: String? = nil) throws -> Message? {
        try database.first(
            """
            SELECT \(Self.columns) FROM email_outbox
            WHERE CAST(? AS TEXT) IS NULL OR recipient = ? ORDER BY rowid DESC LIMIT 1
            """, [.text(recipient), .text(recipient)], message)
    }

    /// The selected columns (`message(_:)` reads them by name).
    static let columns = "id, recipient, subject, body, headers, created_at, attempts, last_error"

    /// Maps a row of `columns` to a message by column name, its body opened. A column the SELECT
    /// lacks, or NULL (the table allows none in these columns), is a `RowDecodingError`.
    func message(_ row: Row) throws -> Message {
        let sealed = try row.text("body")
        var message = Message(
            id: try row.text("id"), recipient: try row.text("recipient"), subject: try row.text("subject"),
            // A body that does not open (sealed under another data key) reads as empty, so one such
            // message does not stop the outbox from being listed or sent.
            body: (try? cipher.open(sealed, column: Self.bodyColumn)) ?? "",
            createdAt: try row.instant("created_at"), attempts: try row.number("attempts"))
        if let headers = try row.optionalText("headers"), let opened = try? cipher.open(headers, column: Self.headersColumn) {
            message.headers = opened.split(separator: "\n").map(String.init)
        }
        message.lastError = try row.optionalText("last_error")
        return message
    }

    /// Records a successful delivery; the body (and the link in it) is no longer kept.
    public func markSent(id: String, at instant: Timestamp) throws {
        try database.run(
            "UPDATE email_outbox SET sent_at = ?, body = ?, headers = NULL WHERE id = ?",
            [.text(instant.iso8601), .text(cipher.seal("(sent \(instant.iso8601); the message is no longer kept)", column: Self.bodyColumn)),
             .text(id)])
    }

    /// Gives up on messages past their `expires_at` at `now`, and on sign-in links (no
    /// `expires_at`) queued before `cutoff`: they leave the pending list and their bodies are no
    /// longer kept.
    public func expire(at now: Timestamp, linksQueuedBefore cutoff: Timestamp?) throws {
        try database.run(
            """
            UPDATE email_outbox SET body = ?, headers = NULL, last_error = ?
            WHERE sent_at IS NULL AND last_error IS DISTINCT FROM ?
              AND (expires_at < ? OR (expires_at IS NULL AND created_at < ?))
            """,
            [.text(cipher.seal("(\(Self.expired))", column: Self.bodyColumn)), .text(Self.expired), .text(Self.expired),
             .text(now.iso8601), .text(cutoff?.iso8601 ?? "")])
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
