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

    /// Random damage to any container never crashes the probe and never yields a duration over a
    /// day: 3,000 damaged copies of each fixture, from fixed seeds so a failure is reproducible.
    /// (It found a trap on a cluster time past `Int64.max`, and a sample count of billions
    /// walked one by one.)
    @Test(arguments: takes.map(\.0))
    func randomDamageNeverCrashes(_ name: String) throws {
        let bytes = try Self.fixture(name)
        var random = SplitMix(seed: UInt64(name.utf8.reduce(5381) { $0 &* 33 &+ UInt64($1) }))
        for _ in 0..<3_000 {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                // Runs of 0xFF and 0x00 as well as random bytes: the extremes of sizes and times.
                let value: UInt8 = [0xFF, 0x00, UInt8.random(in: 0...255, using: &random)][Int.random(in: 0...2, using: &random)]
                let at = Int.random(in: 0..<damaged.count, using: &random)
                for offset in 0..<Int.random(in: 1...8, using: &random) where at + offset < damaged.count { damaged[at + offset] = value }
            }
            if let probe = try? AudioProbing.probe(damaged) {
                #expect(probe.durationMilliseconds <= 86_400_000)
            }
        }
    }

    /// The extremes random damage found, made on purpose: before the fix each of these trapped
    /// (or walked billions of samples) instead of answering.
    @Test func extremeTimesAndCountsNeverTrap() throws {
        func answers(_ bytes: [UInt8]) -> Bool {
            guard let probe = try? AudioProbing.probe(bytes) else { return true }
            return probe.durationMilliseconds <= 86_400_000
        }
        // A WebM cluster time of eight bytes of ones.
        var webm = try Self.fixture("take-streamed.webm")
        let cluster = try #require(webm.indices.dropLast(4).first { webm[$0..<$0 + 4].elementsEqual([0x1F, 0x43, 0xB6, 0x75]) })
        let time = cluster + 4 + webm[cluster + 4].leadingZeroBitCount + 1  // the cluster's first child, its Timecode
        try #require(webm[time] == 0xE7)
        webm[time + 1] = 0x88
        for index in (time + 2)..<(time + 10) { webm[index] = 0xFF }
        #expect(answers(webm))
        // A fragment starting at the end of time, and one claiming four billion samples.
        let mp4 = try Self.fixture("take-fragmented.m4a")
        let tfdt = try #require(mp4.indices.dropLast(4).first { mp4[$0..<$0 + 4].elementsEqual("tfdt".utf8) })
        var late = mp4
        for index in (tfdt + 8)..<(tfdt + (mp4[tfdt + 4] == 1 ? 16 : 12)) { late[index] = 0xFF }
        #expect(answers(late))
        let trun = try #require(mp4.indices.dropLast(4).first { mp4[$0..<$0 + 4].elementsEqual("trun".utf8) })
        var many = mp4
        many[trun + 6] = 0  // no per-sample durations: every sample lasts the default
        for index in (trun + 8)..<(trun + 12) { many[index] = 0xFF }
        #expect(answers(many))
    }

    @Test func wavWhoseSoundIsShorterThanItsHeaderSaysIsTruncated() throws {
        var bytes = try Self.fixture("take.wav")
        bytes.removeLast(100)
        #expect(throws: AudioProbeError.truncated("its data chunk ends early")) { try AudioProbing.probe(bytes) }
    }
}

/// A seeded generator (SplitMix64), so a random test's failure can be run again.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
