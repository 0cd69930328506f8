/// A validated, normalised e-mail address: trimmed and lower-cased, ASCII only (international
/// domains in their punycode form), at most 254 characters.
public struct EmailAddress: Sendable, Equatable, CustomStringConvertible {
    /// The normalised address.
    public let value: String

    public var description: String { value }

    /// Validates and normalises `text`, or throws `BAD_USER_INPUT` naming `field`.
    public init(_ text: String, field: String = "email") throws(APIError) {
        let trimmed = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).lowercased()
        let invalid = APIError.invalid(field, "Enter a valid e-mail address, such as name@example.com.")
        guard trimmed.utf8.count <= 254, trimmed.unicodeScalars.allSatisfy({ $0.isASCII }) else { throw invalid }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw invalid }
        let local = parts[0], domain = parts[1]
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-")
        guard (1...64).contains(local.count), local.allSatisfy(localAllowed.contains),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { throw invalid }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let labelAllowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard labels.count >= 2, domain.count <= 253,
              labels.allSatisfy({ (1...63).contains($0.count) && $0.allSatisfy(labelAllowed.contains) && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              labels.last?.allSatisfy(\.isLetter) == true
        else { throw invalid }
        value = trimmed
    }
}
