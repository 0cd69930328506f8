/// Bounds-checked reading of a container's integers. Every read past the end throws `truncated`,
/// so a probe never reads what the file does not hold.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int
    let what: String

    init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil, what: String) {
        self.bytes = bytes
        self.offset = offset
        self.end = min(end ?? bytes.count, bytes.count)
        self.what = what
    }

    var remaining: Int { end - offset }

    mutating func skip(_ count: Int) throws(AudioProbeError) {
        guard count >= 0, count <= remaining else { throw .truncated("\(what) ends early") }
        offset += count
    }

    mutating func byte() throws(AudioProbeError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated("\(what) ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ count: Int) throws(AudioProbeError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw .truncated("\(what) ends early") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// An unsigned integer of `count` bytes, most significant first.
    mutating func bigEndian(_ count: Int) throws(AudioProbeError) -> UInt64 {
        var value: UInt64 = 0
        for byte in try take(count) { value = value << 8 | UInt64(byte) }
        return value
    }

    /// An unsigned integer of `count` bytes, least significant first.
    mutating func littleEndian(_ count: Int) throws(AudioProbeError) -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in try take(count).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }

    mutating func fourCC() throws(AudioProbeError) -> String {
        String(decoding: try take(4), as: UTF8.self)
    }
}

/// Milliseconds of `units` at `rate` units a second, rounded down; nil when the rate is zero or
/// the figure cannot be a recording's (over a day).
func milliseconds(_ units: UInt64, perSecond rate: UInt64) -> Int? {
    guard rate > 0 else { return nil }
    let (whole, part) = units.quotientAndRemainder(dividingBy: rate)
    guard whole <= 86_400 else { return nil }
    return Int(whole) * 1000 + Int(part * 1000 / rate)
}
