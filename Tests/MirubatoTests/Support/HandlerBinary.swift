import Foundation

/// Runs the built `mirubato` binary, as scripts do.
enum HandlerBinary {
    /// The binary beside the test bundle (`MIRUBATO_BIN` overrides).
    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["MIRUBATO_BIN"] { return override }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        // On some platforms the runner sits inside a bundle; walk up to the build folder.
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("mirubato").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return "mirubato"
    }()

    /// What a run produced.
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The same, waited for on a thread of its own: the caller's task suspends instead of
    /// holding one of the few threads of Swift's shared pool for the whole run (the golden suite
    /// runs 84 of these beside tests whose GraphQLSwift executions need that pool).
    static func run(_ arguments: [String], environment: [String: String], stdin: [UInt8]) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try run(arguments, environment: environment, stdin: stdin) as Output })
            }.start()
        }
    }

    /// Runs `mirubato` with arguments, an environment and standard input.
    static func run(_ arguments: [String], environment: [String: String], stdin: [UInt8]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // Sanitizer settings pass through, so `make test-sanitize` configures the binary too.
        let sanitizers = ProcessInfo.processInfo.environment.filter { $0.key.hasSuffix("SAN_OPTIONS") }
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"].merging(sanitizers) { own, _ in own }) { own, _ in own }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Write and read on separate threads so a large request or response cannot deadlock the pipes.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(stdin))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let stderrData = LockedData()
        let reader = Thread { stderrData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let stdoutData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !stderrData.isSet { usleep(1000) }
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData.value, as: UTF8.self))
    }
}

/// Data handed from a reader thread.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}
