/// The audio containers a recording may be stored in: what browsers' MediaRecorder writes (Opus in
/// WebM or Ogg; AAC in MP4 on Safari) and plain WAV. Told from the bytes, never from what the
/// client says the file is.
public enum AudioFormat: String, Sendable, CaseIterable {
    case ogg, webm, mp4, wav

    /// The `Content-Type` a recording of this format is served with.
    public var mediaType: String {
        switch self {
        case .ogg: "audio/ogg"
        case .webm: "audio/webm"
        case .mp4: "audio/mp4"
        case .wav: "audio/wav"
        }
    }

    /// The file extension an export gives it.
    public var fileExtension: String {
        switch self {
        case .ogg: "ogg"
        case .webm: "webm"
        case .mp4: "m4a"
        case .wav: "wav"
        }
    }
}

/// What a recording's bytes were found to be.
public struct AudioProbe: Sendable, Equatable {
    public var format: AudioFormat
    /// Playing time read from the container, rounded down to the millisecond.
    public var durationMilliseconds: Int

    public init(format: AudioFormat, durationMilliseconds: Int) {
        self.format = format
        self.durationMilliseconds = durationMilliseconds
    }
}

/// Why a file is not a recording this service keeps.
public enum AudioProbeError: Error, Equatable, Sendable {
    /// Not one of the formats of `AudioFormat`, or one of them holding something other than audio
    /// in a codec this service plays back (video, an unknown codec).
    case unsupported(String)
    /// A known container that ends before its structure says it should.
    case truncated(String)
    /// A known container whose structure is inconsistent (a bad checksum, a size that cannot be).
    case corrupt(String)

    /// A sentence for the person who uploaded the file.
    public var message: String {
        switch self {
        case .unsupported(let detail): "This is not a recording we can keep: \(detail)."
        case .truncated(let detail): "The recording is cut off: \(detail)."
        case .corrupt(let detail): "The recording is damaged: \(detail)."
        }
    }
}

/// Reads a recording's container: its format and its playing time.
public enum AudioProbing {
    /// The format and duration of `bytes`, or why they are not a recording. Every structure is
    /// read within the bytes given; nothing is trusted that the bytes do not bear out.
    public static func probe(_ bytes: [UInt8]) throws(AudioProbeError) -> AudioProbe {
        if bytes.starts(with: Array("OggS".utf8)) { return try OggProbe.probe(bytes) }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return try WebMProbe.probe(bytes) }
        if bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) {
            return try WAVProbe.probe(bytes)
        }
        if bytes.count >= 8, bytes[4..<8].elementsEqual("ftyp".utf8) { return try MP4Probe.probe(bytes) }
        throw .unsupported("only Opus in Ogg or WebM, AAC in MP4, and WAV are kept")
    }
}
