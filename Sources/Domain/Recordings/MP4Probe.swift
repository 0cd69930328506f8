/// ISO base media (MP4, M4A) with one AAC or Opus audio track. The playing time is the movie
/// header's; Safari's MediaRecorder writes a fragmented file whose header says zero, so then it
/// is the furthest a fragment's samples reach (`tfdt` plus the `trun` durations).
enum MP4Probe {
    private struct Box {
        let type: String
        let body: Int
        let end: Int
    }

    private struct Track {
        var handler = ""
        var codec = ""
        var timescale: UInt64 = 0
        var id: UInt64 = 0
        var defaultSampleDuration: UInt64 = 0
    }

    static func probe(_ bytes: [UInt8]) throws(AudioProbeError) -> AudioProbe {
        var reader = ByteReader(bytes, what: "the MP4 file")
        var movieScale: UInt64 = 0
        var movieDuration: UInt64 = 0
        var tracks: [Track] = []
        var fragmentEnd: UInt64 = 0
        var sawMedia = false
        while reader.remaining > 0 {
            let box = try box(&reader)
            switch box.type {
            case "moov":
                (movieScale, movieDuration, tracks) = try readMovie(bytes, box)
            case "moof":
                guard let track = tracks.first else { throw .corrupt("a fragment comes before the movie header") }
                fragmentEnd = max(fragmentEnd, try fragmentReach(bytes, box, track: track))
            case "mdat":
                sawMedia = true
            default:
                break
            }
            reader.offset = box.end
        }
        guard let track = tracks.first else { throw .truncated("the MP4 file has no movie header") }
        guard sawMedia else { throw .truncated("the MP4 file holds no sound") }
        if movieDuration > 0, let duration = milliseconds(movieDuration, perSecond: movieScale) {
            return AudioProbe(format: .mp4, durationMilliseconds: duration)
        }
        guard let duration = milliseconds(fragmentEnd, perSecond: track.timescale) else { throw .corrupt("its length cannot be") }
        return AudioProbe(format: .mp4, durationMilliseconds: duration)
    }

    private static func readMovie(_ bytes: [UInt8], _ movie: Box) throws(AudioProbeError) -> (UInt64, UInt64, [Track]) {
        var scale: UInt64 = 0, duration: UInt64 = 0
        var tracks: [Track] = []
        var defaults: [UInt64: UInt64] = [:]
        for child in try children(bytes, movie) {
            var reader = ByteReader(bytes, from: child.body, to: child.end, what: "the movie header")
            switch child.type {
            case "mvhd":
                let version = try reader.skipFullBoxTimes()
                scale = try reader.bigEndian(4)
                duration = try reader.bigEndian(version == 1 ? 8 : 4)
                // All ones: the length is not known.
                if duration == (version == 1 ? UInt64.max : UInt64(UInt32.max)) { duration = 0 }
            case "trak":
                tracks.append(try readTrack(bytes, child))
            case "mvex":
                for trex in try children(bytes, child) where trex.type == "trex" {
                    var fields = ByteReader(bytes, from: trex.body, to: trex.end, what: "the fragment defaults")
                    try fields.skip(4)
                    let id = try fields.bigEndian(4)
                    try fields.skip(4)  // default sample description index
                    defaults[id] = try fields.bigEndian(4)
                }
            default:
                break
            }
        }
        guard tracks.count == 1, tracks[0].handler == "soun" else { throw .unsupported("an MP4 file that is not exactly one audio track") }
        guard ["mp4a", "Opus"].contains(tracks[0].codec) else { throw .unsupported("MP4 audio that is not AAC or Opus (\(tracks[0].codec))") }
        guard scale > 0 || tracks[0].timescale > 0 else { throw .corrupt("its time scale is zero") }
        tracks[0].defaultSampleDuration = defaults[tracks[0].id] ?? 0
        return (scale, duration, tracks)
    }

    private static func readTrack(_ bytes: [UInt8], _ trak: Box) throws(AudioProbeError) -> Track {
        var track = Track()
        for child in try children(bytes, trak) {
            if child.type == "tkhd" {
                var reader = ByteReader(bytes, from: child.body, to: child.end, what: "a track header")
                _ = try reader.skipFullBoxTimes()
                track.id = try reader.bigEndian(4)
            }
            guard child.type == "mdia" else { continue }
            for media in try children(bytes, child) {
                var reader = ByteReader(bytes, from: media.body, to: media.end, what: "a media header")
                switch media.type {
                case "mdhd":
                    _ = try reader.skipFullBoxTimes()
                    track.timescale = try reader.bigEndian(4)
                case "hdlr":
                    try reader.skip(8)
                    track.handler = try reader.fourCC()
                case "minf":
                    for info in try children(bytes, media) where info.type == "stbl" {
                        for table in try children(bytes, info) where table.type == "stsd" {
                            var entries = ByteReader(bytes, from: table.body, to: table.end, what: "the sample descriptions")
                            try entries.skip(8)
                            try entries.skip(4)  // the first entry's size
                            track.codec = try entries.fourCC()
                        }
                    }
                default:
                    break
                }
            }
        }
        return track
    }

    /// How far a fragment's samples reach, in the track's time scale.
    private static func fragmentReach(_ bytes: [UInt8], _ moof: Box, track: Track) throws(AudioProbeError) -> UInt64 {
        var reach: UInt64 = 0
        for traf in try children(bytes, moof) where traf.type == "traf" {
            var base: UInt64 = 0
            var sampleDuration = track.defaultSampleDuration
            var total: UInt64 = 0
            for child in try children(bytes, traf) {
                var reader = ByteReader(bytes, from: child.body, to: child.end, what: "a fragment")
                switch child.type {
                case "tfhd":
                    let flags = try reader.bigEndian(4) & 0xFF_FFFF
                    try reader.skip(4)  // track id
                    if flags & 0x01 != 0 { try reader.skip(8) }
                    if flags & 0x02 != 0 { try reader.skip(4) }
                    if flags & 0x08 != 0 { sampleDuration = try reader.bigEndian(4) }
                case "tfdt":
                    let version = try reader.byte()
                    try reader.skip(3)
                    base = try reader.bigEndian(version == 1 ? 8 : 4)
                case "trun":
                    let flags = try reader.bigEndian(4) & 0xFF_FFFF
                    let count = try reader.bigEndian(4)
                    if flags & 0x01 != 0 { try reader.skip(4) }
                    if flags & 0x04 != 0 { try reader.skip(4) }
                    let perSample = [0x100, 0x200, 0x400, 0x800].filter { flags & UInt64($0) != 0 }.count * 4
                    if flags & 0x100 == 0 {
                        // Every sample lasts the default: no table to walk (and a count of
                        // billions costs nothing).
                        let (all, overflow) = count.multipliedReportingOverflow(by: sampleDuration)
                        guard !overflow, total + all < 1 << 48 else { throw .corrupt("its length cannot be") }
                        total += all
                        try reader.skip(Int(min(count, UInt64(reader.remaining + 1))) * perSample)
                        continue
                    }
                    guard count <= UInt64(reader.remaining / perSample) else { throw .truncated("a fragment's sample table ends early") }
                    for _ in 0..<count {
                        total += try reader.bigEndian(4)
                        try reader.skip(perSample - 4)
                        guard total < 1 << 48 else { throw .corrupt("its length cannot be") }
                    }
                default:
                    break
                }
            }
            guard base < 1 << 56 else { throw .corrupt("a fragment's time cannot be") }
            reach = max(reach, base + total)
        }
        return reach
    }

    private static func children(_ bytes: [UInt8], _ parent: Box) throws(AudioProbeError) -> [Box] {
        var reader = ByteReader(bytes, from: parent.body, to: parent.end, what: "the \(parent.type) box")
        var found: [Box] = []
        while reader.remaining > 0 {
            let child = try box(&reader)
            found.append(child)
            reader.offset = child.end
        }
        return found
    }

    private static func box(_ reader: inout ByteReader) throws(AudioProbeError) -> Box {
        let start = reader.offset
        var size = try reader.bigEndian(4)
        let type = try reader.fourCC()
        if size == 1 { size = try reader.bigEndian(8) }
        if size == 0 { size = UInt64(reader.end - start) }
        let header = reader.offset - start
        guard size >= UInt64(header) else { throw .corrupt("a box is smaller than its header") }
        guard size <= UInt64(reader.end - start) else { throw .truncated("its \(type) box ends after the file does") }
        return Box(type: type, body: reader.offset, end: start + Int(size))
    }
}

extension ByteReader {
    /// Skips a full box's version and flags and its creation and modification times (32 or 64
    /// bits each, by version); answers the version.
    mutating func skipFullBoxTimes() throws(AudioProbeError) -> UInt8 {
        let version = try byte()
        try skip(3 + (version == 1 ? 16 : 8))
        return version
    }
}
