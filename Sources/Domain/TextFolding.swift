import Foundation

/// Folds text for accent- and case-insensitive search: `Tárrega` and `TARREGA` both become `tarrega`.
public enum TextFolding {
    /// The folded form: diacritics removed, lower-cased.
    public static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    }

    /// The folded, whitespace-separated words of a search text.
    public static func words(_ text: String) -> [String] {
        fold(text).split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// The distinct words of a text that autocomplete matches a typed prefix against: folded,
    /// split at white space, without the punctuation around them (`(Spanish` → `spanish`,
    /// `Op.` → `op`), in first-seen order.
    public static func terms(_ text: String) -> [String] {
        var seen: Set<String> = []
        return words(text).compactMap { word in
            let term = String(word.drop(while: { !$0.isLetter && !$0.isNumber })
                .reversed().drop(while: { !$0.isLetter && !$0.isNumber }).reversed())
            return !term.isEmpty && seen.insert(term).inserted ? term : nil
        }
    }
}
