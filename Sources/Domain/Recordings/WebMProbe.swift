/// WebM (Matroska) with one Opus audio track. The playing time is the segment's `Duration` when
/// the muxer wrote one; MediaRecorder writes none (it streams), so otherwise it is the last
/// block's time plus that block's own length, read from the Opus packet.
enum WebMProbe {
    // Element IDs, marker bits kept, as the Matroska specification writes them.
    private static let ebml: UInt32 = 0x1A45_DFA3, docType: UInt32 = 0x4282
    private static let segment: UInt32 = 0x1853_8067, info: UInt32 = 0x1549_A966
    private static let timecodeScale: UInt32 = 0x2A_D7B1, duration: UInt32 = 0x4489
    private static let tracks: UInt32 = 0x1654_AE6B, trackEntry: UInt32 = 0xAE
    private static let trackType: UInt32 = 0x83, codecID: UInt32 = 0x86
    private static let cluster: UInt32 = 0x1F43_B675, timecode: UInt32 = 0xE7
    private static let simpleBlock: UInt32 = 0xA3, blockGroup: UInt32 = 0xA0, block: UInt32 = 0xA1
    /// What may follow a cluster inside a segment: an unknown-size cluster ends at the first.
    private static let segmentChildren: Set<UInt32> = [
        0x114D_9B74, info, tracks, cluster, 0x1C53_BB6B, 0x1254_C367, 0x1043_A770, 0x1941_A469,
    ]

    private struct Element {
        let id: UInt32
        let body: Int
        /// nil: the size is unknown (streamed), the element runs until its parent's next child.
        let end: Int?
    }

    static func probe(_ bytes: [UInt8]) throws(AudioProbeError) -> AudioProbe {
        var reader = ByteReader(bytes, what: "the WebM file")
        let header = try element(&reader)
        guard header.id == ebml, let headerEnd = header.end else { throw .corrupt("its EBML header has no size") }
        var kind = ByteReader(bytes, from: header.body, to: headerEnd, what: "the EBML header")
        var doc = ""
        while kind.remaining > 0 {
            let child = try element(&kind)
            guard let end = child.end else { throw .corrupt("an EBML header field has no size") }
            if child.id == docType { doc = String(decoding: bytes[child.body..<end], as: UTF8.self) }
            kind.offset = end
        }
        guard doc.hasPrefix("webm") || doc.hasPrefix("matroska") else { throw .unsupported("an EBML file that is not WebM") }
        reader.offset = headerEnd
        let top = try element(&reader)
        guard top.id == segment else { throw .corrupt("it has no segment") }
        return try readSegment(bytes, from: top.body, to: top.end ?? bytes.count)
    }

    private static func readSegment(_ bytes: [UInt8], from start: Int, to end: Int) throws(AudioProbeError) -> AudioProbe {
        var reader = ByteReader(bytes, from: start, to: end, what: "the WebM segment")
        var scale: UInt64 = 1_000_000
        var declared: Double?
        var codec: String?
        var lastBlockEnd: UInt64?  // nanoseconds
        while reader.remaining > 0 {
            let child = try element(&reader)
            switch child.id {
            case info:
                let infoEnd = try known(child, "its segment information")
                var fields = ByteReader(bytes, from: child.body, to: infoEnd, what: "the segment information")
                while fields.remaining > 0 {
                    let field = try element(&fields)
                    let fieldEnd = try known(field, "a segment information field")
                    var value = ByteReader(bytes, from: field.body, to: fieldEnd, what: "a segment information field")
                    if field.id == timecodeScale { scale = try value.bigEndian(fieldEnd - field.body) }
                    if field.id == duration { declared = try float(&value, size: fieldEnd - field.body) }
                    fields.offset = fieldEnd
                }
                reader.offset = infoEnd
            case tracks:
                let tracksEnd = try known(child, "its track list")
                codec = try audioCodec(bytes, from: child.body, to: tracksEnd)
                reader.offset = tracksEnd
            case cluster:
                guard codec != nil else { throw .corrupt("its sound comes before its track list") }
                let (clusterEnd, blockEnd) = try readCluster(bytes, child, until: end, scale: scale)
                if let blockEnd { lastBlockEnd = max(lastBlockEnd ?? 0, blockEnd) }
                reader.offset = clusterEnd
            default:
                reader.offset = try known(child, "a segment element")
            }
        }
        guard codec != nil else { throw .unsupported("a WebM file with no audio track") }
        if let declared, declared > 0, declared.isFinite {
            let nanoseconds = declared * Double(scale)
            guard nanoseconds < 86_400e9 else { throw .corrupt("its length cannot be") }
            return AudioProbe(format: .webm, durationMilliseconds: Int(nanoseconds / 1_000_000))
        }
        guard let lastBlockEnd else { throw .truncated("the WebM file holds no sound") }
        guard let duration = milliseconds(lastBlockEnd, perSecond: 1_000_000_000) else { throw .corrupt("its length cannot be") }
        return AudioProbe(format: .webm, durationMilliseconds: duration)
    }

    /// The codec of the file's only track, which must be Opus audio.
    private static func audioCodec(_ bytes: [UInt8], from start: Int, to end: Int) throws(AudioProbeError) -> String {
        var reader = ByteReader(bytes, from: start, to: end, what: "the track list")
        var codecs: [String] = []
        while reader.remaining > 0 {
            let entry = try element(&reader)
            let entryEnd = try known(entry, "a track")
            if entry.id == trackEntry {
                var fields = ByteReader(bytes, from: entry.body, to: entryEnd, what: "a track")
                var type: UInt64 = 0
                var codec = ""
                while fields.remaining > 0 {
                    let field = try element(&fields)
                    let fieldEnd = try known(field, "a track field")
                    var value = ByteReader(bytes, from: field.body, to: fieldEnd, what: "a track field")
                    if field.id == trackType { type = try value.bigEndian(fieldEnd - field.body) }
                    if field.id == codecID { codec = String(decoding: bytes[field.body..<fieldEnd], as: UTF8.self) }
                    fields.offset = fieldEnd
                }
                guard type == 2 else { throw .unsupported("a WebM file with video or other tracks") }
                guard codec == "A_OPUS" else { throw .unsupported("WebM audio that is not Opus (\(codec))") }
                codecs.append(codec)
            }
            reader.offset = entryEnd
        }
        guard codecs.count == 1 else { throw .unsupported("a WebM file without exactly one audio track") }
        return codecs[0]
    }

    /// Where a cluster ends, and the end of its last block in nanoseconds.
    private static func readCluster(
        _ bytes: [UInt8], _ cluster: Element, until segmentEnd: Int, scale: UInt64
    ) throws(AudioProbeError) -> (Int, UInt64?) {
        var reader = ByteReader(bytes, from: cluster.body, to: cluster.end ?? segmentEnd, what: "a WebM cluster")
        var base: UInt64 = 0
        var last: UInt64?
        while reader.remaining > 0 {
            let before = reader.offset
            let child = try element(&reader)
            if cluster.end == nil, segmentChildren.contains(child.id) { return (before, last) }
            let childEnd = try known(child, "a cluster element")
            switch child.id {
            case timecode:
                var value = ByteReader(bytes, from: child.body, to: childEnd, what: "a cluster time")
                base = try value.bigEndian(childEnd - child.body)
            case simpleBlock:
                last = max(last ?? 0, try blockEnd(bytes, from: child.body, to: childEnd, base: base, scale: scale))
            case blockGroup:
                var group = ByteReader(bytes, from: child.body, to: childEnd, what: "a block group")
                while group.remaining > 0 {
                    let part = try element(&group)
                    let partEnd = try known(part, "a block")
                    if part.id == block {
                        last = max(last ?? 0, try blockEnd(bytes, from: part.body, to: partEnd, base: base, scale: scale))
                    }
                    group.offset = partEnd
                }
            default:
                break
            }
            reader.offset = childEnd
        }
        return (reader.offset, last)
    }

    /// When a block's sound ends, in nanoseconds: the cluster's time plus the block's, in the
    /// segment's scale, plus the length of the Opus packet it carries.
    private static func blockEnd(_ bytes: [UInt8], from start: Int, to end: Int, base: UInt64, scale: UInt64) throws(AudioProbeError) -> UInt64 {
        var reader = ByteReader(bytes, from: start, to: end, what: "a block")
        _ = try vint(&reader, keepMarker: false)  // track number
        let relative = Int16(bitPattern: UInt16(try reader.bigEndian(2)))
        let flags = try reader.byte()
        guard flags & 0x06 == 0 else { throw .unsupported("laced WebM blocks") }
        let packet = try reader.take(reader.remaining)
        // A day of nanoseconds is far below every bound here; anything past it is damage, refused
        // before arithmetic could overflow.
        guard base <= 1 << 62, scale > 0, scale <= 1_000_000_000 else { throw .corrupt("a block's time cannot be") }
        let start = Int64(base) + Int64(relative)
        guard start >= 0 else { throw .corrupt("a block's time cannot be") }
        let (at, overflow) = UInt64(start).multipliedReportingOverflow(by: scale)
        let (end, past) = at.addingReportingOverflow(OpusPacket.nanoseconds(packet))
        guard !overflow, !past else { throw .corrupt("a block's time cannot be") }
        return end
    }

    private static func element(_ reader: inout ByteReader) throws(AudioProbeError) -> Element {
        let id = UInt32(try vint(&reader, keepMarker: true, maxLength: 4))
        let (size, unknown) = try sizeVint(&reader)
        if unknown { return Element(id: id, body: reader.offset, end: nil) }
        guard size <= UInt64(reader.remaining) else { throw .truncated("an element ends after the file does") }
        return Element(id: id, body: reader.offset, end: reader.offset + Int(size))
    }

    private static func known(_ element: Element, _ what: String) throws(AudioProbeError) -> Int {
        guard let end = element.end else { throw .unsupported("\(what) of unknown size") }
        return end
    }

    private static func vint(_ reader: inout ByteReader, keepMarker: Bool, maxLength: Int = 8) throws(AudioProbeError) -> UInt64 {
        let first = try reader.byte()
        guard first != 0 else { throw .corrupt("a field's length cannot be read") }
        let length = first.leadingZeroBitCount + 1
        guard length <= maxLength else { throw .corrupt("a field's length cannot be read") }
        var value = UInt64(keepMarker ? first : first & (0xFF >> length))
        for _ in 1..<length { value = value << 8 | UInt64(try reader.byte()) }
        return value
    }

    /// A size, and whether it is the reserved all-ones value for "unknown".
    private static func sizeVint(_ reader: inout ByteReader) throws(AudioProbeError) -> (UInt64, Bool) {
        let before = reader.offset
        let value = try vint(&reader, keepMarker: false)
        let length = reader.offset - before
        return (value, value == (UInt64(1) << (7 * UInt64(length))) - 1)
    }

    private static func float(_ reader: inout ByteReader, size: Int) throws(AudioProbeError) -> Double {
        switch size {
        case 4: Double(Float(bitPattern: UInt32(try reader.bigEndian(4))))
        case 8: Double(bitPattern: try reader.bigEndian(8))
        case 0: 0
        default: throw .corrupt("its duration is not a number")
        }
    }
}

/// The playing time of one Opus packet, from its table-of-contents byte (RFC 6716, 3.1).
enum OpusPacket {
    static func nanoseconds(_ packet: ArraySlice<UInt8>) -> UInt64 {
        guard let toc = packet.first else { return 0 }
        let config = Int(toc >> 3)
        let frame: UInt64 = switch config {
        case 0..<12: [10, 20, 40, 60][config % 4] * 1_000_000  // SILK
        case 12..<16: [10, 20][config % 2] * 1_000_000  // hybrid
        default: [2_500_000, 5_000_000, 10_000_000, 20_000_000][config % 4]  // CELT
        }
        let frames: UInt64 = switch toc & 0x03 {
        case 0: 1
        case 1, 2: 2
        default: packet.count > 1 ? UInt64(packet[packet.startIndex + 1] & 0x3F) : 0
        }
        return frame * frames
    }
}
