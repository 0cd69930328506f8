import ArgumentParser
import Endpoint
import Foundation
import Services

/// `mirubato mail`: the outbox of sign-in links.
struct Mail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List or send queued mail (sign-in links and practice reminders).", subcommands: [List.self, Send.self])

    /// `mirubato mail list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show messages not sent yet.")

        @OptionGroup var store: StoreOptions

        @Flag(help: "Also print each message's body (it holds a live sign-in link: local use only).")
        var body = false

        func run() throws {
            let configuration = try store.configuration()
            let service = try Runtime.mailService(configuration)
            let pending = try service.pending()
            for message in pending {
                let error = message.lastError.map { ", last error: \($0)" } ?? ""
                print("\(message.createdAt.iso8601)  \(message.id)  to \(message.recipient)  \(message.subject)  (attempts: \(message.attempts)\(error))")
                if body { print(message.body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")) }
            }
            print("\(pending.count) pending")
        }
    }

    /// `mirubato mail send` (to `MIRUBATO_SMTP`) or `mirubato mail send --command "sendmail -t"`.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send each pending message to MIRUBATO_SMTP, or pipe it to a command; mark it sent only on success.",
            discussion: """
                A message that fails stays queued with its error and attempt count and is tried again by the next run; \
                one is never marked sent unless the server (or command) accepted it.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: "Shell command that reads one RFC 5322 message on stdin, e.g. \"sendmail -t\" (default: msmtp to MIRUBATO_SMTP).")
        var command: String?

        func run() throws {
            let configuration = try store.configuration()
            let service = try Runtime.mailService(configuration)
            guard let command = try command ?? configuration.smtp.map({ try MailService.smtpCommand(url: $0, sender: configuration.mailFrom) })
            else {
                throw ValidationError("Set MIRUBATO_SMTP=smtp://host:port, or give --command.")
            }
            let (sent, failed) = try service.send(command: command)
            print("\(sent) sent, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
