import CSQLite
import Foundation

/// The result columns of a prepared statement by name, read once when it is prepared: rows are
/// decoded by column name, so a SELECT whose columns are reordered still maps each value to its
/// field, and one that lacks a column fails instead of shifting values.
///
/// A mapping looks up every value it reads, so the lookup is kept cheap: an open-addressing
/// table over the names' UTF-8 bytes, probed with the bytes of the name as the caller holds
/// them and hashed from its length and three of its bytes (names that share those only cost
/// another probe). It allocates nothing and takes under half the time of a `[String: Int32]`
/// lookup, which hashes every byte with SipHash.
final class ColumnNames: Sendable {
    /// A place in the table: the column's position, and where its name's bytes are in `bytes`.
    private struct Slot {
        var hash: UInt32
        /// The column's position; -1 for an empty slot.
        var column: Int32
        var start: Int32
        var count: Int32
    }

    /// Every name's UTF-8 bytes, back to back.
    private let bytes: [UInt8]
    /// At least twice as many slots as names (a power of two), so probes stay short.
    private let slots: [Slot]

    /// The columns of `statement` as SQLite names them (the alias, or the column's own name).
    convenience init(statement: OpaquePointer) {
        self.init(names: (0..<sqlite3_column_count(statement)).map { sqlite3_column_name(statement, $0).map { String(cString: $0) } })
    }

    /// Columns with these names, in order (nil for one without a name). Where two columns
    /// have the same name, the name finds the later one.
    init(names: [String?]) {
        let count = names.count
        var size = 8
        while size < count * 2 { size *= 2 }
        var slots = [Slot](repeating: Slot(hash: 0, column: -1, start: 0, count: 0), count: size)
        var bytes: [UInt8] = []
        for (column, name) in names.enumerated() {
            guard let name else { continue }
            let utf8 = Array(name.utf8)
            let hash = utf8.withUnsafeBufferPointer(Self.hash)
            var slot = Int(hash) & (size - 1)
            while slots[slot].column >= 0, !Self.same(slots[slot], hash, utf8, in: bytes) { slot = (slot + 1) & (size - 1) }
            slots[slot] = Slot(hash: hash, column: Int32(column), start: Int32(bytes.count), count: Int32(utf8.count))
            bytes += utf8
        }
        self.bytes = bytes
        self.slots = slots
    }

    /// The position of the column named `name`; nil when the statement selects none.
    func index(of name: String) -> Int32? {
        // Contiguous for every native string, literals included; only a bridged one is copied.
        name.utf8.withContiguousStorageIfAvailable(find) ?? Array(name.utf8).withUnsafeBufferPointer(find)
    }

    private func find(_ name: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(name)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while true {
                let entry = slots[slot]
                guard entry.column >= 0 else { return nil }
                if entry.hash == hash, Int(entry.count) == name.count,
                   name.isEmpty || memcmp(stored.baseAddress! + Int(entry.start), name.baseAddress!, name.count) == 0 {
                    return entry.column
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Whether `slot` holds the name `utf8` (while the table is built).
    private static func same(_ slot: Slot, _ hash: UInt32, _ utf8: [UInt8], in bytes: [UInt8]) -> Bool {
        slot.hash == hash && bytes[Int(slot.start)..<Int(slot.start + slot.count)].elementsEqual(utf8)
    }

    /// A name's length and its first, middle and last bytes, mixed (Fibonacci hashing).
    private static func hash(_ name: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let first = name.first, let last = name.last else { return 0 }
        let key = UInt32(truncatingIfNeeded: name.count) | UInt32(first) << 8 | UInt32(name[name.count / 2]) << 16 | UInt32(last) << 24
        return (key &* 0x9E37_79B1) >> 16
    }
}
