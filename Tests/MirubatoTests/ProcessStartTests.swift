import Foundation
import Storage
import Testing

/// What a per-request process pays for before it reads its request: the issue-31 start-up path.
@Suite("Process start")
struct ProcessStartTests {
    @Test("a process on SQLite maps no library of its own: SQLite, libfcgi and libcrypto's SHA-256 are linked in; libcrypto for AES-GCM, libpq and hiredis (and the libraries libpq brings) are opened at first use")
    func clientLibrariesLoadLazily() async throws {
        // SQLite files of its own, also when the suite runs on PostgreSQL and Redis (the process
        // migrates the new file; `{ __typename }` needs no data).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("start-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var environment = TestDatabase.environment(database: folder + "/mirubato.db", kv: folder + "/kv.db")
        // The dynamic loader names every library it maps on standard error.
        environment["LD_DEBUG"] = "files"
        let output = try await HandlerBinary.run(["handle"], environment: environment, stdin: Array(#"{"query":"{ __typename }"}"#.utf8))
        #expect(output.stdout.contains(#""__typename":"Query""#))
        let loaded: [String] = output.stderr.components(separatedBy: "\n").compactMap { line in
            guard let marker = line.range(of: "file=") else { return nil }
            return String(line[marker.upperBound...].prefix { $0 != " " && $0 != ";" })
        }
        // The check sees what it looks for: the C library is mapped at start-up.
        #expect(loaded.contains { $0.hasPrefix("libc.so") }, "\(loaded)")
        #expect(!loaded.contains { $0.hasPrefix("libpq") || $0.hasPrefix("libhiredis") || $0.hasPrefix("libgssapi") || $0.hasPrefix("libldap") },
                "\(loaded)")
        // Their static archives, and libcrypto's shared library only at the first field sealed or
        // opened: each shared one cost every start its symbol lookups (libcrypto's 4,191 alone,
        // about 0.8 ms).
        #expect(!loaded.contains { $0.hasPrefix("libsqlite3") || $0.hasPrefix("libcrypto") || $0.hasPrefix("libfcgi") }, "\(loaded)")
    }

    @Test("`mirubato handle` keeps the KV file's log short for the next process (a serving process keeps SQLite's 1,000 pages)")
    func oneRequestProcessesKeepTheLogShort() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 300 requests, each counted in the KV file by the rate limiter, through one `handle --ndjson`;
        // then 100 processes of one request each, as CGI runs them. Each of those rebuilds the
        // log's index from the log and forgets what earlier ones copied: a log that checkpoints
        // only copied grew by every process (and each one read all of it at start).
        let environment = TestDatabase.environment(database: folder + "/mirubato.db", kv: folder + "/kv.db")
        let lines = (0..<300).map { _ in #"{"query":"{ __typename }"}"# }.joined(separator: "\n") + "\n"
        let output = try await HandlerBinary.run(["handle", "--ndjson"], environment: environment, stdin: Array(lines.utf8))
        #expect(output.stdout.components(separatedBy: #""__typename":"Query""#).count == 301)
        for _ in 0..<100 {
            let single = try await HandlerBinary.run(["handle"], environment: environment, stdin: Array(#"{"query":"{ __typename }"}"#.utf8))
            #expect(single.stdout.contains(#""__typename":"Query""#))
        }
        let logged = try #require(try Database(path: folder + "/kv.db").first("PRAGMA wal_checkpoint(PASSIVE)") { $0.integer(1) } ?? nil)
        #expect(logged <= 64 + 8, "\(logged) pages in the KV file's log")
    }

    @Test("a one-request process answers on its main thread: it starts no thread pool")
    func oneRequestProcessesStartNoThreads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("threads-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HandlerBinary.path)
        process.arguments = ["handle", "--ndjson"]
        process.environment = TestDatabase.environment(database: folder + "/mirubato.db", kv: folder + "/kv.db")
        let input = Pipe(), output = Pipe()
        (process.standardInput, process.standardOutput) = (input, output)
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        input.fileHandleForWriting.write(Data(#"{"query":"{ __typename }"}"#.utf8 + [10]))
        // Once the first answer is out, the process has started, answered and waits for the next line.
        var answer: [UInt8] = []
        while answer.last != 10, let byte = try output.fileHandleForReading.read(upToCount: 1)?.first { answer.append(byte) }
        #expect(String(decoding: answer, as: UTF8.self).contains(#""__typename":"Query""#))
        let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/task")
        #expect(threads.count == 1, "\(threads.count) threads")
    }
}
