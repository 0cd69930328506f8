import ArgumentParser
import Endpoint
import Foundation

/// `mirubato serve --fastcgi ADDRESS`: the API behind nginx.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve GraphQL over HTTP through FastCGI (behind nginx).",
        discussion: "ADDRESS is unix:PATH or HOST:PORT. SIGTERM or Ctrl-C finishes in-flight requests and exits.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Where to listen: unix:PATH or HOST:PORT.")
    var fastcgi: String

    // Four on two cores: SQLite writes queue for the one writer connection, and workers queued
    // behind it share its commit (Benchmarks/RESULTS.md: 2 workers 1,717–1,744 createPracticeLog
    // a second, 4 workers 2,005–2,128, 6 workers 1,942, 8 workers 1,824).
    @Option(help: "Worker threads, each with its own database connections.")
    var workers = 4

    @Flag(help: .hidden)
    var inheritedSocket = false

    func run() throws {
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be 1 to 64") }
        let options = HTTPGateway.Options(environment: ProcessInfo.processInfo.environment)
        let address = fastcgi.hasPrefix("unix:") ? String(fastcgi.dropFirst(5)) : fastcgi
        let configuration = try store.configuration()
        let server = FastCGIServer(address: address, workers: workers, configuration: configuration, options: options)
        if inheritedSocket {
            let status = server.serveInherited()
            if status != 0 { throw ExitCode(status) }
            return
        }
        do {
            var arguments = CommandLine.arguments.dropFirst().filter { $0 != "--inherited-socket" }
            arguments.append("--inherited-socket")
            let status = try server.supervise(arguments: Array(arguments))
            if status != 0 { throw ExitCode(status) }
        } catch let error as ServeError {
            FileHandle.standardError.write(Data("mirubato serve: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
