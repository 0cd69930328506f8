import Domain
import GraphQL

/// Refuses documents with two structurally equal definitions or definition bodies before they
/// reach validation. GraphQLSwift 4.3.0 caches per-definition results in dictionaries whose keys
/// hash by identity but compare by structure, and such a document makes the dictionary trap,
/// which would take the whole process down with one request. Equal operations are invalid
/// anyway (same name, or several anonymous ones); equal bodies under different fragment names
/// are legal but pointless, so they get a clear error instead.
enum DuplicateDefinitions {
    /// The error for the first such pair, or nil when every definition is distinct.
    static func error(in document: Document) -> GraphQLError? {
        var bodies: [(name: String, definition: Node, selectionSet: SelectionSet)] = []
        for definition in document.definitions {
            if let operation = exactCast(definition, to: OperationDefinition.self) {
                let name = operation.name.map { "operation \($0.value)" } ?? "an anonymous operation"
                bodies.append((name, operation, operation.selectionSet))
            } else if let fragment = exactCast(definition, to: FragmentDefinition.self) {
                bodies.append(("fragment \(fragment.name.value)", fragment, fragment.selectionSet))
            }
        }
        for (index, first) in bodies.enumerated() {
            for second in bodies[(index + 1)...] where first.selectionSet == second.selectionSet {
                let message = first.name == second.name
                    ? "The document defines \(first.name) twice."
                    : "\(first.name.prefix(1).uppercased() + first.name.dropFirst()) and \(second.name) have identical selections; use one of them."
                return GraphQLError(message: message, nodes: [first.definition, second.definition])
            }
        }
        return nil
    }
}
