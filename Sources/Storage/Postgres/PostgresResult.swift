import CPostgres

/// The rows of one statement's answer, in libpq's text format; frees the result when dropped.
final class PostgresResult {
    private let result: OpaquePointer
    /// The libpq result, for what this wrapper does not read itself.
    var resultPointer: OpaquePointer { result }
    /// Rows in the answer.
    let rowCount: Int32
    /// Rows the statement changed (INSERT, UPDATE, DELETE), from the command tag.
    let changes: Int

    init(_ result: OpaquePointer) {
        self.result = result
        rowCount = PQntuples(result)
        changes = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    deinit { PQclear(result) }

    /// Columns in the answer.
    var columnCount: Int32 { PQnfields(result) }

    /// The name of a column.
    func columnName(_ column: Int32) -> String { String(cString: PQfname(result, column)) }

    /// Whether a value is NULL.
    func isNull(_ row: Int32, _ column: Int32) -> Bool { PQgetisnull(result, row, column) != 0 }

    /// A value's text, nil for NULL.
    func text(_ row: Int32, _ column: Int32) -> String? {
        guard column >= 0, column < columnCount, !isNull(row, column) else { return nil }
        let length = Int(PQgetlength(result, row, column))
        return PQgetvalue(result, row, column).withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// A whole number; nil for NULL. PostgreSQL's booleans (`t`, `f`) read as 1 and 0.
    func integer(_ row: Int32, _ column: Int32) -> Int? {
        guard let text = text(row, column) else { return nil }
        switch text {
        case "t": return 1
        case "f": return 0
        default: return Int(text) ?? Double(text).map { Int($0) }
        }
    }

    /// A real number; nil for NULL.
    func double(_ row: Int32, _ column: Int32) -> Double? { text(row, column).flatMap(Double.init) }

    /// A `bytea` value (text format: `\x` and hex digits); nil for NULL.
    func bytes(_ row: Int32, _ column: Int32) -> [UInt8]? {
        guard let text = text(row, column) else { return nil }
        let digits = Array(text.utf8.dropFirst(2))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            guard let high = Self.hex(digits[index]), let low = Self.hex(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hex(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension PostgresResult {
    /// A value by its column's type: whole numbers, reals, booleans (as 0 and 1) and bytes as
    /// such, everything else as text.
    func value(_ row: Int32, _ column: Int32) -> SQLValue {
        guard !isNull(row, column) else { return .null }
        switch PQftype(resultPointer, column) {
        case 20, 21, 23, 16: return .integer(Int64(integer(row, column) ?? 0))  // int8, int2, int4, bool
        case 700, 701, 1700: return .real(double(row, column) ?? 0)  // float4, float8, numeric
        case 17: return .blob(bytes(row, column) ?? [])  // bytea
        default: return .text(text(row, column) ?? "")
        }
    }
}
