/// RIFF WAVE: a `fmt ` chunk says how many bytes a second of sound takes, the `data` chunk how
/// many there are.
enum WAVProbe {
    static func probe(_ bytes: [UInt8]) throws(AudioProbeError) -> AudioProbe {
        var reader = ByteReader(bytes, from: 12, what: "the WAV file")
        var byteRate: UInt64?
        while reader.remaining > 0 {
            let id = try reader.fourCC()
            let size = Int(try reader.littleEndian(4))
            guard size <= reader.remaining else { throw .truncated("its \(id.trimmingSpaces) chunk ends early") }
            switch id {
            case "fmt ":
                var format = ByteReader(bytes, from: reader.offset, to: reader.offset + size, what: "the WAV format chunk")
                let code = try format.littleEndian(2)
                // PCM, IEEE float, A-law, µ-law, or the extensible header that names one of them.
                guard [1, 3, 6, 7, 0xFFFE].contains(code) else { throw .unsupported("a WAV file of compressed audio (format \(code))") }
                let channels = try format.littleEndian(2)
                let sampleRate = try format.littleEndian(4)
                let rate = try format.littleEndian(4)
                guard channels > 0, sampleRate > 0, rate > 0 else { throw .corrupt("its format chunk gives no rate") }
                byteRate = rate
            case "data":
                guard let byteRate else { throw .corrupt("its sound comes before its format") }
                guard let duration = milliseconds(UInt64(size), perSecond: byteRate) else { throw .corrupt("its length cannot be") }
                return AudioProbe(format: .wav, durationMilliseconds: duration)
            default:
                break
            }
            // Chunks are padded to an even length.
            try reader.skip(size + (size & 1 == 1 && reader.remaining > size ? 1 : 0))
        }
        throw .truncated("the WAV file has no sound")
    }
}

extension String {
    var trimmingSpaces: String { String(reversed().drop { $0 == " " }.reversed()) }
}
