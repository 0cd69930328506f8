import Domain
import Foundation
import Testing

/// The container probe over files ffmpeg wrote the way browsers' MediaRecorder does (Opus in
/// Ogg and in streamed WebM, AAC in fragmented MP4) and the plain forms, then every way of
/// cutting or damaging them.
struct AudioProbeTests {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/audio")

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// Every fixture is 1.5 s of a sine; the containers round differently (Opus's pre-skip, AAC's
    /// priming frames), so the duration is checked to within 60 ms of it. `take-unknown-sizes.webm`
    /// is the streamed file with its segment and clusters re-sized as unknown, as Chrome's
    /// MediaRecorder writes them.
    static let takes: [(String, AudioFormat)] = [
        ("take.ogg", .ogg), ("take.webm", .webm), ("take-streamed.webm", .webm), ("take-unknown-sizes.webm", .webm),
        ("take.m4a", .mp4), ("take-fragmented.m4a", .mp4), ("take.wav", .wav),
    ]

    @Test(arguments: takes.map(\.0))
    func readsFormatAndDuration(_ name: String) throws {
        let probe = try AudioProbing.probe(Self.fixture(name))
        #expect(probe.format == Self.takes.first { $0.0 == name }?.1)
        #expect((1_440...1_560).contains(probe.durationMilliseconds), "\(name): \(probe.durationMilliseconds) ms")
    }

    @Test func streamedWebMHasNoDeclaredDuration() throws {
        // What makes the streamed file MediaRecorder's case: no Duration element (0x4489) at all,
        // so its length comes from the blocks.
        let bytes = try Self.fixture("take-streamed.webm")
        #expect(!bytes.indices.dropLast().contains { bytes[$0] == 0x44 && bytes[$0 + 1] == 0x89 })
    }

    @Test func refusesVideoAndOtherFiles() throws {
        #expect(throws: AudioProbeError.self) { try AudioProbing.probe(Self.fixture("video.webm")) }
        for other in [Array("hello".utf8), [], Array(repeating: 0, count: 4096), Array("<?xml version=\"1.0\"?>".utf8)] {
            #expect { try AudioProbing.probe(other) } throws: { error in
                if case .unsupported = error as? AudioProbeError { return true }
                return false
            }
        }
    }

    /// Cut anywhere, a file is refused or found shorter; never read past its end, never longer.
    @Test(arguments: takes.map(\.0))
    func everyCutIsRefusedOrShorter(_ name: String) throws {
        let bytes = try Self.fixture(name)
        let whole = try AudioProbing.probe(bytes).durationMilliseconds
        var refused = 0
        for length in 0..<bytes.count {
            do {
                let probe = try AudioProbing.probe(Array(bytes[0..<length]))
                #expect(probe.durationMilliseconds <= whole, "\(name) cut at \(length)")
            } catch {
                refused += 1
            }
        }
        #expect(refused > bytes.count / 2, "\(name): most cuts lose structure the probe needs")
    }

    /// A changed byte anywhere in an Ogg page fails that page's checksum.
    @Test func oggDamageFailsItsChecksum() throws {
        let bytes = try Self.fixture("take.ogg")
        for index in stride(from: 30, to: bytes.count, by: 97) {
            var damaged = bytes
            damaged[index] ^= 0x5A
            #expect(throws: AudioProbeError.self, "byte \(index)") { try AudioProbing.probe(damaged) }
        }
    }

    /// Random damage to any container never crashes the probe and never yields a duration over a day.
    @Test(arguments: takes.map(\.0))
    func randomDamageNeverCrashes(_ name: String) throws {
        let bytes = try Self.fixture(name)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if let probe = try? AudioProbing.probe(damaged) {
                #expect(probe.durationMilliseconds <= 86_400_000)
            }
        }
    }

    @Test func wavWhoseSoundIsShorterThanItsHeaderSaysIsTruncated() throws {
        var bytes = try Self.fixture("take.wav")
        bytes.removeLast(100)
        #expect(throws: AudioProbeError.truncated("its data chunk ends early")) { try AudioProbing.probe(bytes) }
    }
}
