import Domain
import Foundation
import Storage

/// Delivers the outbox by piping each message to a command such as `sendmail -t`.
public struct MailService: Sendable {
    private let store: OutboxStore
    private let clock: any Clock
    private let sender: String

    /// Creates the service; `sender` is the From address, `cipher` opens the stored bodies.
    public init(database: Database, clock: any Clock, sender: String, cipher: FieldCipher) {
        store = OutboxStore(database: database, cipher: cipher)
        self.clock = clock
        self.sender = sender
    }

    /// Messages not sent yet.
    public func pending() throws -> [OutboxStore.Message] {
        try store.pending()
    }

    /// Pipes every pending message (RFC 5322 text) to `/bin/sh -c command`; a message is marked
    /// sent only when the command exits 0. Answers how many were sent and how many failed.
    public func send(command: String) throws -> (sent: Int, failed: Int) {
        var sent = 0, failed = 0
        for message in try store.pending() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let input = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            do {
                try process.run()
                input.fileHandleForWriting.write(Data(rfc5322(message).utf8))
                try input.fileHandleForWriting.close()
                let detail = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                if process.terminationStatus == 0 {
                    try store.markSent(id: message.id, at: clock.now())
                    sent += 1
                } else {
                    try store.markFailed(id: message.id, error: "exit \(process.terminationStatus): \(detail.prefix(500))")
                    failed += 1
                }
            } catch {
                try store.markFailed(id: message.id, error: String(describing: error))
                failed += 1
            }
        }
        return (sent, failed)
    }

    /// The message as a plain-text RFC 5322 mail.
    public func rfc5322(_ message: OutboxStore.Message) -> String {
        """
        From: \(sender)\r
        To: \(message.recipient)\r
        Subject: \(message.subject)\r
        Message-ID: <\(message.id)@mirubato>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        \(message.body.replacingOccurrences(of: "\n", with: "\r\n"))\r

        """
    }
}
