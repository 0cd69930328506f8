import ArgumentParser
import Foundation

/// PostgreSQL's own backup tools, `pg_dump` and `pg_restore`, run as child processes: a
/// PostgreSQL database is backed up in the engine's custom archive format, not copied by us.
enum PostgresTools {
    /// Runs `tool` with `arguments`; throws its standard error when it fails.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path(of: tool))
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(tool) failed: \(message.split(whereSeparator: \.isNewline).joined(separator: " "))")
        }
    }

    /// The tool on PATH, else Debian's PostgreSQL 15 copy.
    private static func path(of tool: String) -> String {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/lib/postgresql/15/bin"]
        return folders.map { $0 + "/" + tool }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? tool
    }
}
