import Foundation

/// Checks of URLs clients may store.
public enum WebURL {
    /// Whether `text` is an absolute http or https URL with a host, at most 2048 characters.
    public static func isValid(_ text: String) -> Bool {
        guard text.utf8.count <= 2048, !text.contains(where: { $0.isWhitespace }),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              // The host as written: `host` decodes an internationalised name through ICU's
              // IDNA tables (0.1 ms at a process's first URL), and only its presence matters.
              let host = components.percentEncodedHost, !host.isEmpty
        else { return false }
        return true
    }
}
