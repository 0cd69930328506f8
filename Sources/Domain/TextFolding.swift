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
}
