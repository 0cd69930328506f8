import Foundation

/// Checks of URLs clients may store.
public enum WebURL {
    /// Whether `text` is an absolute http or https URL with a host, at most 2048 characters.
    public static func isValid(_ text: String) -> Bool {
        guard text.utf8.count <= 2048, !text.contains(where: { $0.isWhitespace }),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
