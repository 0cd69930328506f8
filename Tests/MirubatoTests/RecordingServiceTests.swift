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
