import Domain
import Foundation
import Services
import Storage
import Synchronization
import Testing

/// Recordings on logs, on the engine the suite runs on: what is kept, what is refused before it
/// is stored, the quota under concurrent uploads, and what deleting a log or an account leaves.
@Suite("Recordings")
struct RecordingServiceTests {
    private func log(_ test: TestServices, _ viewer: Viewer) throws -> PracticeLog {
        var draft = LogDraft()
        draft.activityType = .repertoire
        draft.durationSeconds = .set(600)
        return try test.services.logs.create(viewer: viewer, LogCreation(clientID: nil, requestHash: "h", sessionID: nil, templateID: nil, draft: draft))
    }

    @Test("a recording is kept with its format and duration, its bytes whole, and the log marked changed")
    func attach() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("r@example.com").accessToken)
        let log = try log(test, viewer)
        test.clock.advance(seconds: 5)
        let bytes = try AudioProbeTests.fixture("take-unknown-sizes.webm")
        let recording = try test.services.recordings.attach(viewer: viewer, logID: log.id, bytes: bytes)
        #expect(recording.format == .webm)
        #expect((1_440...1_560).contains(recording.durationMilliseconds))
        #expect(try test.services.recordings.bytes(id: recording.id) == bytes)
        #expect(try test.services.recordings.recordings(ofLogs: [log.id])[log.id]?.map(\.id) == [recording.id])
        #expect(try test.services.recordings.usage(viewer: viewer).used == bytes.count)
        let changed = try test.services.logs.logs(viewer: viewer, filter: LogFilter(), page: PageRequest(limit: 1)).items[0]
        #expect(changed.updatedAt > log.updatedAt)
    }

    @Test("a large recording spans chunks and reads back byte for byte")
    func chunks() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("c@example.com").accessToken)
        let log = try log(test, viewer)
        // 2.5 MiB of WAV: three chunk rows.
        let samples = 1_310_720
        var bytes = Array("RIFF".utf8) + le(UInt32(36 + samples * 2), 4) + Array("WAVEfmt ".utf8) + le(16, 4) + le(1, 2) + le(1, 2)
        bytes += le(44_100, 4) + le(88_200, 4) + le(2, 2) + le(16, 2) + Array("data".utf8) + le(UInt32(samples * 2), 4)
        bytes += (0..<samples * 2).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let recording = try test.services.recordings.attach(viewer: viewer, logID: log.id, bytes: bytes)
        #expect(recording.durationMilliseconds == samples * 1000 / 44_100)
        #expect(try test.count("recording_chunks", where: "recording_id = ?", recording.id) == 3)
        #expect(try test.services.recordings.bytes(id: recording.id) == bytes)
    }

    private func le(_ value: UInt32, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }

    @Test("bad files are refused with a code and nothing is stored")
    func refusals() throws {
        var practice = PracticeSettings()
        practice.recordingMaxBytes = 10_000
        let test = try TestServices(practice: practice)
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("b@example.com").accessToken)
        let log = try log(test, viewer)
        func code(_ bytes: [UInt8], logID: String? = nil) -> APIError.Code? {
            do {
                _ = try test.services.recordings.attach(viewer: viewer, logID: logID ?? log.id, bytes: bytes)
                return nil
            } catch let error as APIError {
                return error.code
            } catch {
                return .internalServerError
            }
        }
        #expect(code(try AudioProbeTests.fixture("take.wav")) == .payloadTooLarge)  // 24 KB over the 10 KB limit
        #expect(code(Array("not audio at all".utf8)) == .badUserInput)
        #expect(code(try AudioProbeTests.fixture("video.webm")) == .payloadTooLarge)
        var cut = try AudioProbeTests.fixture("take.ogg")
        cut.removeLast(700)
        #expect(code(cut) == .badUserInput)
        #expect(code([]) == .badUserInput)
        #expect(code(try AudioProbeTests.fixture("take.ogg"), logID: "nope") == .notFound)
        let other = try test.services.auth.authenticate(accessToken: test.signIn("o@example.com").accessToken)
        #expect(throws: APIError.self) { try test.services.recordings.attach(viewer: other, logID: log.id, bytes: AudioProbeTests.fixture("take.ogg")) }
        #expect(try test.count("recordings") == 0)
        #expect(try test.count("recording_chunks") == 0)
    }

    @Test("the quota is exact under concurrent uploads from several connections")
    func quotaUnderConcurrency() throws {
        let paths = try TestDatabase.freshCopy()
        let clock = TestClock()
        let file = try AudioProbeTests.fixture("take.ogg")
        let practice = { var settings = PracticeSettings(); settings.recordingQuotaBytes = file.count * 5 + 10; return settings }()  // room for five
        let setup = try TestServices(paths: paths, clock: clock, seed: 1, practice: practice)
        let viewer = try setup.services.auth.authenticate(accessToken: setup.signIn("q@example.com").accessToken)
        let log = try log(setup, viewer)
        let kept = Mutex(0), refused = Mutex(0), failures = Mutex<[String]>([]), finished = Mutex(0)
        let threads = (0..<4).map { index in
            Thread {
                do {
                    let host = try TestServices(paths: paths, clock: clock, seed: UInt64(10 + index), practice: practice)
                    for _ in 0..<4 {
                        do {
                            _ = try host.services.recordings.attach(viewer: viewer, logID: log.id, bytes: file)
                            kept.withLock { $0 += 1 }
                        } catch let error as APIError where error.code == .quotaExceeded {
                            refused.withLock { $0 += 1 }
                        }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
                finished.withLock { $0 += 1 }
            }
        }
        threads.forEach { $0.start() }
        while finished.withLock({ $0 }) < threads.count { usleep(10_000) }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        #expect(kept.withLock { $0 } == 5)
        #expect(refused.withLock { $0 } == 11)
        #expect(try setup.count("recordings") == 5)
        #expect(try setup.services.recordings.usage(viewer: viewer).used == file.count * 5)
    }

    @Test("deleting a recording, its log or the account leaves no bytes behind")
    func deletion() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("d@example.com").accessToken)
        let first = try log(test, viewer), second = try log(test, viewer)
        let file = try AudioProbeTests.fixture("take.m4a")
        let one = try test.services.recordings.attach(viewer: viewer, logID: first.id, bytes: file)
        _ = try test.services.recordings.attach(viewer: viewer, logID: first.id, bytes: file)
        _ = try test.services.recordings.attach(viewer: viewer, logID: second.id, bytes: file)
        try test.services.recordings.delete(viewer: viewer, id: one.id)
        #expect(try test.count("recordings") == 2)
        #expect(try test.count("recording_chunks") == 2)
        try test.services.logs.delete(viewer: viewer, id: first.id)
        #expect(try test.count("recordings") == 1)
        #expect(try test.count("recording_chunks") == 1)
        try test.services.users.deleteAccount(viewer: viewer)
        #expect(try test.count("recordings") == 0)
        #expect(try test.count("recording_chunks") == 0)
    }

    @Test("a playback link works for its recording until it expires, and for nothing else")
    func links() throws {
        let test = try TestServices()
        let viewer = try test.services.auth.authenticate(accessToken: test.signIn("l@example.com").accessToken)
        let recording = try test.services.recordings.attach(viewer: viewer, logID: try log(test, viewer).id, bytes: AudioProbeTests.fixture("take.ogg"))
        let url = try #require(URLComponents(string: test.services.recordings.playbackURL(for: recording)))
        let items = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(url.path == "/recordings/\(recording.id)")
        let links = test.services.recordings
        #expect(links.verifyLink(id: recording.id, expires: items["expires"], signature: items["signature"]))
        #expect(!links.verifyLink(id: "other", expires: items["expires"], signature: items["signature"]))
        #expect(!links.verifyLink(id: recording.id, expires: String(Int(items["expires"]!)! + 3600), signature: items["signature"]))
        #expect(!links.verifyLink(id: recording.id, expires: items["expires"], signature: "AAAA"))
        #expect(!links.verifyLink(id: recording.id, expires: items["expires"], signature: nil))
        test.clock.advance(seconds: 7 * 3600 + 1)
        #expect(!links.verifyLink(id: recording.id, expires: items["expires"], signature: items["signature"]))
    }
}

/// The data export's archive: the document and the recordings' audio, read back by another account.
@Suite("Export archives")
struct ExportArchiveTests {
    private func log(_ test: TestServices, _ viewer: Viewer, minutes: Int) throws -> PracticeLog {
        var draft = LogDraft()
        draft.activityType = .repertoire
        draft.durationSeconds = .set(minutes * 60)
        return try test.services.logs.create(viewer: viewer, LogCreation(clientID: nil, requestHash: "h", sessionID: nil, templateID: nil, draft: draft))
    }

    @Test("an archive carries the recordings to another account byte for byte, once")
    func roundTrip() throws {
        let test = try TestServices()
        let source = try test.services.auth.authenticate(accessToken: test.signIn("from@example.com").accessToken)
        let files = try ["take.ogg", "take-fragmented.m4a"].map(AudioProbeTests.fixture)
        let first = try log(test, source, minutes: 5), second = try log(test, source, minutes: 8)
        _ = try test.services.recordings.attach(viewer: source, logID: first.id, bytes: files[0])
        _ = try test.services.recordings.attach(viewer: source, logID: second.id, bytes: files[1])
        let archive = try test.services.users.exportArchive(viewer: source)
        let entries = try ZipArchive.entries(of: archive)
        #expect(entries.keys.filter { $0.hasPrefix("recordings/") }.count == 2)
        // Python's zipfile and unzip read it too (RecordingsE2E checks that); here, another account imports it.
        let target = try test.services.auth.authenticate(accessToken: test.signIn("to@example.com").accessToken)
        let summary = try test.services.users.importArchive(viewer: target, archive: archive)
        #expect(summary.imported >= 4)
        let imported = try test.services.logs.logs(viewer: target, filter: LogFilter(), page: PageRequest(limit: 10)).items
        let byLog = try test.services.recordings.recordings(ofLogs: imported.map(\.id))
        let bytes = try byLog.values.flatMap { $0 }.sorted { $0.byteSize < $1.byteSize }.map { try test.services.recordings.bytes(id: $0.id) }
        #expect(bytes == files.sorted { $0.count < $1.count })
        #expect(try test.services.recordings.usage(viewer: target).used == files[0].count + files[1].count)
        // Again: nothing new (the profile is written again, as by any import).
        let again = try test.services.users.importArchive(viewer: target, archive: archive)
        #expect(again.imported == 1)
        #expect(again.skipped >= 4)
        #expect(try test.count("recordings") == 4)
    }

    @Test("a damaged, compressed, overlapping or oversized archive is refused and imports nothing")
    func refusals() throws {
        let paths = try TestDatabase.freshCopy()
        let test = try TestServices(paths: paths, clock: TestClock(), seed: 9)
        let source = try test.services.auth.authenticate(accessToken: test.signIn("a@example.com").accessToken)
        _ = try test.services.recordings.attach(viewer: source, logID: try log(test, source, minutes: 5).id, bytes: AudioProbeTests.fixture("take.ogg"))
        let archive = try test.services.users.exportArchive(viewer: source)
        let target = try test.services.auth.authenticate(accessToken: test.signIn("b@example.com").accessToken)
        func code(_ bytes: [UInt8], on services: AppServices? = nil) -> APIError.Code? {
            do {
                _ = try (services ?? test.services).users.importArchive(viewer: target, archive: bytes)
                return nil
            } catch let error as APIError {
                return error.code
            } catch {
                return .internalServerError
            }
        }
        let before = try test.count("practice_logs")
        var damaged = archive
        damaged[archive.count / 2] ^= 0xFF
        #expect(code(damaged) == .badUserInput)
        #expect(code(Array(archive.prefix(archive.count - 30))) == .badUserInput)
        #expect(code(Array("PK not really".utf8)) == .badUserInput)
        // A deflated entry claiming a huge size: never inflated.
        var compressed = archive
        let central = try #require(compressed.indices.dropLast(4).first { compressed[$0..<$0 + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) })
        compressed[central + 10] = 8
        compressed[central + 24] = 0xFF; compressed[central + 25] = 0xFF; compressed[central + 26] = 0xFF; compressed[central + 27] = 0x7F
        #expect(code(compressed) == .badUserInput)
        // The classic overlapping bomb: many directory entries naming the same bytes.
        let document = try #require(try ZipArchive.entries(of: archive)[UserService.archiveDocument])
        let bomb = ZipArchive.overlapping(name: "recordings/x.ogg", bytes: Array(repeating: 7, count: 4096), copies: 500, document: document)
        #expect(code(bomb) == .badUserInput)
        // Over the quota: nothing imported, not even the logs.
        let small = try TestServices(paths: paths, clock: test.clock, seed: 3,
                                     practice: { var p = PracticeSettings(); p.recordingQuotaBytes = 100; return p }())
        #expect(code(archive, on: small.services) == .quotaExceeded)
        #expect(try test.count("practice_logs") == before)
        #expect(try test.count("recordings") == 1)
    }
}

extension ZipArchive {
    /// A hostile archive for tests: the document, then `copies` directory entries that all point
    /// at one stored entry's bytes, as overlapping-file zip bombs do.
    static func overlapping(name: String, bytes: [UInt8], copies: Int, document: [UInt8]) -> [UInt8] {
        let honest = archive([("mirubato-export.json", document), (name, bytes)])
        let end = honest.count - 22
        let start = Int(honest[end + 16]) | Int(honest[end + 17]) << 8 | Int(honest[end + 18]) << 16 | Int(honest[end + 19]) << 24
        let directory = Array(honest[start..<end])
        // The second directory entry (the file's), repeated with names that differ.
        let firstLength = 46 + (Int(directory[28]) | Int(directory[29]) << 8)
        let entry = Array(directory[firstLength...])
        var output = Array(honest[..<start]) + directory
        for copy in 0..<copies {
            var named = entry
            let suffix = Array(String(format: "%05d", copy).utf8)
            named.replaceSubrange((named.count - 5)..<named.count, with: suffix)
            output += named
        }
        let total = UInt32(2 + copies), size = UInt32(output.count - start)
        let le = { (value: UInt32, count: Int) in (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }
        output += le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(total, 2) + le(total, 2) + le(size, 4) + le(UInt32(start), 4) + le(0, 2)
        return output
    }
}
