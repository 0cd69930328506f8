/// Ogg pages of one Opus stream. Every page's checksum is checked, and the last page's granule
/// position (48 kHz samples, less the stream's pre-skip) is its playing time.
enum OggProbe {
    static func probe(_ bytes: [UInt8]) throws(AudioProbeError) -> AudioProbe {
        var reader = ByteReader(bytes, what: "the Ogg file")
        var serial: UInt64?
        var preSkip: UInt64 = 0
        var lastGranule: UInt64 = 0
        var pages = 0
        while reader.remaining > 0 {
            let start = reader.offset
            guard try reader.fourCC() == "OggS" else { throw .corrupt("page \(pages + 1) does not start a page") }
            guard try reader.byte() == 0 else { throw .unsupported("an Ogg version this service does not read") }
            let flags = try reader.byte()
            let granule = try reader.littleEndian(8)
            let pageSerial = try reader.littleEndian(4)
            try reader.skip(4)  // page sequence number
            let checksum = UInt32(try reader.littleEndian(4))
            let segments = Int(try reader.byte())
            let lacing = try reader.take(segments)
            let bodySize = lacing.reduce(0) { $0 + Int($1) }
            let body = try reader.take(bodySize)
            var page = Array(bytes[start..<reader.offset])
            page[22] = 0; page[23] = 0; page[24] = 0; page[25] = 0
            guard OggCRC.checksum(page) == checksum else { throw .corrupt("page \(pages + 1) fails its checksum") }
            if pages == 0 {
                guard flags & 0x02 != 0, body.starts(with: Array("OpusHead".utf8)), body.count >= 19 else {
                    throw .unsupported("an Ogg file that is not Opus audio")
                }
                serial = pageSerial
                let at = body.startIndex + 10
                preSkip = UInt64(body[at]) | UInt64(body[at + 1]) << 8
            } else if pageSerial != serial {
                throw .unsupported("an Ogg file of more than one stream")
            }
            // A granule position of all ones marks a page on which no packet ends.
            if granule != UInt64.max { lastGranule = granule }
            pages += 1
        }
        guard pages >= 2 else { throw .truncated("the Ogg file holds no sound") }
        let samples = lastGranule > preSkip ? lastGranule - preSkip : 0
        guard let duration = milliseconds(samples, perSecond: 48_000) else { throw .corrupt("its length cannot be") }
        return AudioProbe(format: .ogg, durationMilliseconds: duration)
    }
}

/// The CRC-32 of Ogg pages: polynomial 0x04C11DB7, not reflected, starting at zero.
enum OggCRC {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index) << 24
        for _ in 0..<8 { value = value & 0x8000_0000 != 0 ? value << 1 ^ 0x04C1_1DB7 : value << 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.reduce(UInt32(0)) { crc, byte in crc << 8 ^ table[Int(UInt8(crc >> 24) ^ byte)] }
    }
}
