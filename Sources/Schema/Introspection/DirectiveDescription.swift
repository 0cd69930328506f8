/// A directive the schema supports.
struct DirectiveDescription: Sendable {
    let name: String
    let description: String?
    let locations: [String]
    let arguments: [InputValueDescription]
    let isRepeatable: Bool
}
