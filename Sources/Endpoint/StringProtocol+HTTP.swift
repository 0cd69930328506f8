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

    /// Walks the UTF-8 view's indices from both ends, copying nothing but the result (copying
    /// the bytes into an array first cost a bearer token's header 11 K instructions).
    private func trimmingBytes(where isTrimmed: (UInt8) -> Bool) -> String {
        let text = Substring(self)
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isTrimmed(bytes[start]) { start = bytes.index(after: start) }
        while start < end, isTrimmed(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(text[start..<end])
    }
}
