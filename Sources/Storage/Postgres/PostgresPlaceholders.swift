/// The stores write SQLite's `?` placeholders; PostgreSQL numbers them (`$1`, `$2`). Rewritten
/// once per statement text (the connection caches the result), skipping quoted text and comments.
enum PostgresPlaceholders {
    /// `sql` with each `?` outside quotes and comments replaced by `$1`, `$2`, …, and the count.
    static func numbered(_ sql: String) -> (sql: String, count: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(sql.utf8.count + 8)
        var count = 0
        var quote: UInt8?
        var inLineComment = false
        var previous: UInt8 = 0
        for byte in sql.utf8 {
            defer { previous = byte }
            if inLineComment {
                if byte == UInt8(ascii: "\n") { inLineComment = false }
                output.append(byte)
                continue
            }
            if let open = quote {
                if byte == open { quote = nil }
                output.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                quote = byte
                output.append(byte)
            case UInt8(ascii: "-") where previous == UInt8(ascii: "-"):
                inLineComment = true
                output.append(byte)
            case UInt8(ascii: "?"):
                count += 1
                output.append(UInt8(ascii: "$"))
                output.append(contentsOf: String(count).utf8)
            default:
                output.append(byte)
            }
        }
        return (String(decoding: output, as: UTF8.self), count)
    }
}
