import Domain
import Foundation
import Storage

/// Delivers the outbox by piping each message to a command such as `sendmail -t`, or to an SMTP
/// server through Debian's `msmtp` (`smtpCommand`).
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
        // A reminder not sent by the end of its day is not sent at all.
        try store.expire(at: clock.now(), linksQueuedBefore: nil)
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

    /// The message as a plain-text RFC 5322 mail, with its own header lines after the usual ones.
    public func rfc5322(_ message: OutboxStore.Message) -> String {
        let own = message.headers.map { $0 + "\r\n" }.joined()
        return """
        From: \(sender)\r
        To: \(message.recipient)\r
        Subject: \(message.subject)\r
        Date: \(Self.rfc5322Date(message.createdAt))\r
        Message-ID: <\(message.id)@mirubato>\r
        \(own)MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: 8bit\r
        \r
        \(message.body.replacingOccurrences(of: "\n", with: "\r\n"))\r

        """
    }

    /// An instant as RFC 5322's date-time in UTC (`Sun, 06 Dec 2026 21:25:18 +0000`).
    static func rfc5322Date(_ instant: Timestamp) -> String {
        let day = LocalDay(utcDayOf: instant)
        let parts = day.description.split(separator: "-").compactMap { Int64($0) }
        let (year, month, date) = (parts[0], parts[1], parts[2])
        let seconds = instant.seconds - day.number * 86_400
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][Int(((day.number + 3) % 7 + 7) % 7)]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(date)) \(months[Int(month) - 1]) \(year) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }

    /// The `msmtp` command that hands one message to the SMTP server of `url`
    /// (`MIRUBATO_SMTP`): `smtp://host:port` in the clear, `smtp+starttls://host:port` with
    /// STARTTLS required and the server's certificate checked against the system's authorities.
    /// STARTTLS is required rather than taken when offered: an attacker on the path can strip
    /// the offer, so "when offered" would protect nothing against the one attack TLS is for.
    public static func smtpCommand(url: String, sender: String) throws -> String {
        guard let match = url.wholeMatch(of: /smtp(\+starttls)?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):([0-9]{1,5})/),
              let port = Int(match.3), (1...65535).contains(port) else {
            throw APIError.invalid("MIRUBATO_SMTP", "MIRUBATO_SMTP must be smtp://host:port or smtp+starttls://host:port.")
        }
        let host = String(match.2).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let address = sender.firstMatch(of: /<([^<>\s]+)>/).map { String($0.1) } ?? sender
        let tls = match.1 == nil ? "--tls=off" : "--tls=on --tls-starttls=on --tls-trust-file=system"
        return "msmtp --host=\(host) --port=\(port) --auth=off \(tls) --from=\(shellQuoted(address)) --read-recipients"
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
