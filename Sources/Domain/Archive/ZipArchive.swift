/// Zip archives of stored (uncompressed) entries: what the data export writes and its import
/// reads. Recordings are compressed already and the JSON is small beside them, so nothing is
/// deflated; and an archive whose entries are stored cannot expand into more than it holds.
public enum ZipArchive {
    /// Why an archive is not read.
    public struct Refusal: Error, Equatable, Sendable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    /// Most entries an archive may have.
    public static let maxEntries = 100_000

    /// An archive of `entries` (name and bytes), in that order.
    public static func archive(_ entries: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var output: [UInt8] = []
        var central: [UInt8] = []
        for (name, bytes) in entries {
            let offset = output.count
            let crc = CRC32.checksum(bytes)
            let nameBytes = Array(name.utf8)
            // Local header: version 2.0, UTF-8 names (bit 11), stored, a fixed DOS time (1980-01-01).
            output += le(0x0403_4B50, 4) + le(20, 2) + le(0x0800, 2) + le(0, 2) + le(0, 2) + le(0x21, 2)
            output += le(crc, 4) + le(UInt32(bytes.count), 4) + le(UInt32(bytes.count), 4) + le(UInt32(nameBytes.count), 2) + le(0, 2)
            output += nameBytes + bytes
            central += le(0x0201_4B50, 4) + le(20, 2) + le(20, 2) + le(0x0800, 2) + le(0, 2) + le(0, 2) + le(0x21, 2)
            central += le(crc, 4) + le(UInt32(bytes.count), 4) + le(UInt32(bytes.count), 4) + le(UInt32(nameBytes.count), 2)
            central += le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(UInt32(offset), 4) + nameBytes
        }
        let start = output.count
        output += central
        output += le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(UInt32(entries.count), 2) + le(UInt32(entries.count), 2)
        output += le(UInt32(central.count), 4) + le(UInt32(start), 4) + le(0, 2)
        return output
    }

    /// The entries of an archive by name. Only stored entries are read, each within the archive
    /// and checked against its CRC; the entries together may not hold more bytes than the archive
    /// (entries overlapping to multiply it are refused), and a name may occur once.
    public static func entries(of archive: [UInt8]) throws(Refusal) -> [String: [UInt8]] {
        // The end record is in the last 65,557 bytes (22 and a comment of up to 65,535).
        let floor = max(0, archive.count - 65_557)
        guard archive.count >= 22, let end = stride(from: archive.count - 22, through: floor, by: -1).first(where: { at in
            archive[at] == 0x50 && archive[at + 1] == 0x4B && archive[at + 2] == 0x05 && archive[at + 3] == 0x06
        }) else { throw Refusal("This is not a zip archive.") }
        let count = Int(read(archive, end + 10, 2))
        let size = Int(read(archive, end + 12, 4)), start = Int(read(archive, end + 16, 4))
        guard count <= maxEntries, start + size <= end else { throw Refusal("The archive's directory is damaged (or it is a Zip64 archive, which is not read).") }
        var found: [String: [UInt8]] = [:]
        var at = start, total = 0
        for _ in 0..<count {
            guard at + 46 <= start + size, read(archive, at, 4) == 0x0201_4B50 else { throw Refusal("The archive's directory is damaged.") }
            let method = read(archive, at + 10, 2), crc = UInt32(read(archive, at + 16, 4))
            let stored = Int(read(archive, at + 20, 4)), length = Int(read(archive, at + 24, 4))
            let nameLength = Int(read(archive, at + 28, 2)), extra = Int(read(archive, at + 30, 2)), comment = Int(read(archive, at + 32, 2))
            let local = Int(read(archive, at + 42, 4))
            guard at + 46 + nameLength <= start + size else { throw Refusal("The archive's directory is damaged.") }
            let name = String(decoding: archive[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            at += 46 + nameLength + extra + comment
            if name.hasSuffix("/") { continue }  // a folder
            guard method == 0, stored == length else {
                throw Refusal("\(name) is compressed; an archive is read as the export writes it, with its entries stored.")
            }
            total += length
            guard total <= archive.count, found[name] == nil else { throw Refusal("The archive's entries overlap or repeat (\(name)).") }
            guard local + 30 <= start, read(archive, local, 4) == 0x0403_4B50 else { throw Refusal("\(name) is damaged.") }
            let body = local + 30 + Int(read(archive, local + 26, 2)) + Int(read(archive, local + 28, 2))
            guard body + length <= start else { throw Refusal("\(name) ends after the archive does.") }
            let bytes = Array(archive[body..<(body + length)])
            guard CRC32.checksum(bytes) == crc else { throw Refusal("\(name) is damaged (its checksum does not match).") }
            found[name] = bytes
        }
        return found
    }

    private static func le(_ value: UInt32, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }

    private static func read(_ bytes: [UInt8], _ at: Int, _ count: Int) -> UInt64 {
        guard at >= 0, at + count <= bytes.count else { return 0 }
        var value: UInt64 = 0
        for index in (0..<count).reversed() { value = value << 8 | UInt64(bytes[at + index]) }
        return value
    }
}

/// The CRC-32 of zip, gzip and PNG: polynomial 0xEDB88320, reflected.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? value >> 1 ^ 0xEDB8_8320 : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(UInt32.max) { crc, byte in crc >> 8 ^ table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] }
    }
}

