/// A statement's text as the key of a connection's prepared-statement cache.
///
/// Every query looks its statement up, and a write runs some forty of them inside the file's
/// one write turn. `String`'s own hash runs SipHash over every byte, a few hundred per statement;
/// this one hashes the length and sixteen bytes spread over the text. Statements that share
/// those only cost a comparison of their bytes, which equality (the synthesised one, on the
/// whole text) does anyway.
struct StatementKey: Hashable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { bytes in
            hasher.combine(bytes.count)
            guard !bytes.isEmpty else { return }
            // Sixteen bytes at even steps, the last one included: where generated statements
            // differ (a filter added, one more placeholder) their lengths differ too.
            let step = max(1, bytes.count / 16)
            var sample: UInt128 = 0
            var index = bytes.count - 1
            for _ in 0..<16 where index >= 0 {
                sample = sample << 8 | UInt128(bytes[index])
                index -= step
            }
            hasher.combine(sample)
        }
    }
}
