extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (HTTP's optional whitespace), cut
    /// on the UTF-8 bytes: Foundation's `trimmingCharacters(in:)` bridges through NSString and
    /// was a tenth of a cheap request, once per header.
    func trimmingHTTPWhitespace() -> String {
        trimmingBytes { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// The text without leading and trailing ASCII spaces, tabs and line ends (a key file's
    /// last newline), cut on the bytes as `trimmingHTTPWhitespace` is.
    func trimmingLineWhitespace() -> String {
        trimmingBytes { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }

    private func trimmingBytes(where isTrimmed: (UInt8) -> Bool) -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, isTrimmed(bytes[start]) { start += 1 }
        while end > start, isTrimmed(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
