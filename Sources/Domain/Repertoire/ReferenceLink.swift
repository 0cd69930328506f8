/// A link a musician keeps with a piece.
public struct ReferenceLink: Sendable, Equatable, Codable {
    /// What it is ("Recording by Lipatti").
    public var title: String
    /// An http or https URL.
    public var url: String

    /// A link.
    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}
