/// Base64url without padding (RFC 4648 §5), for cursors and tokens.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Each byte's digit value, or 0xFF for bytes outside the alphabet.
    private static let digits: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    /// The base64url text of bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        append(bytes[...], to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the base64url digits of `bytes` (cursors are built as bytes, not strings).
    public static func append(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + (bytes.count * 4 + 2) / 3)
        alphabet.withUnsafeBufferPointer { digits in
            var index = bytes.startIndex
            while index + 3 <= bytes.endIndex {
                let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output.append(digits[Int(value >> 18)])
                output.append(digits[Int(value >> 12 & 63)])
                output.append(digits[Int(value >> 6 & 63)])
                output.append(digits[Int(value & 63)])
                index += 3
            }
            let left = bytes.endIndex - index
            guard left > 0 else { return }
            let value = UInt32(bytes[index]) << 16 | (left == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            output.append(digits[Int(value >> 18)])
            output.append(digits[Int(value >> 12 & 63)])
            if left == 2 { output.append(digits[Int(value >> 6 & 63)]) }
        }
    }

    /// The bytes of base64url text, or nil if it is not canonical base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = text.utf8
        guard input.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in input {
            let digit = digits[Int(byte)]
            guard digit != 0xFF else { return nil }
            buffer = buffer << 6 | UInt32(digit)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero, so every value has exactly one encoding.
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }
}
