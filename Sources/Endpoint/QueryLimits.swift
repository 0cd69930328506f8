import Domain
import GraphQL

/// Limits on the shape of a document, checked before validation so that deep nesting, alias
/// bombs and fragment bombs are refused cheaply. The documented budget: at most `maxDepth` levels
/// of selection and a cost of at most `maxFields`, where every field counts 1 once fragments are
/// expanded (each alias counts) and an introspection root (`__schema`) counts `introspectionCost`,
/// since it walks the whole schema: a client may introspect, not flood the server with copies.
struct QueryLimits: Sendable {
    /// Deepest selection nesting allowed.
    var maxDepth = 15
    /// Most fields after fragment expansion (the cost budget).
    var maxFields = 2000
    /// What one `__schema` selection costs.
    var introspectionCost = 500

    /// Deepest bracket nesting (`{`, `[`, `(`) allowed in the query text. Checked on the text
    /// before parsing, because the parser and validator recurse per level and a thread's stack
    /// is small: thousands of nested list values would overflow it.
    var maxTextNesting = 64

    /// Throws `QUERY_TOO_COMPLEX` when brackets nest deeper than `maxTextNesting`, ignoring
    /// strings, block strings and comments.
    func checkText(_ query: String) throws(APIError) {
        var depth = 0
        var bytes = Array(query.utf8)[...]
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "#"):
                while let next = bytes.first, next != 10, next != 13 { bytes.removeFirst() }
            case UInt8(ascii: "\""):
                if bytes.starts(with: [34, 34]) {
                    bytes.removeFirst(2)
                    while !bytes.isEmpty, !bytes.starts(with: [34, 34, 34]) {
                        if bytes.starts(with: [92, 34, 34, 34]) { bytes.removeFirst(4) } else { bytes.removeFirst() }
                    }
                    bytes = bytes.dropFirst(3)
                } else {
                    while let next = bytes.popFirst(), next != 34 {
                        if next == 92 { _ = bytes.popFirst() }
                        if next == 10 { break }
                    }
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("):
                depth += 1
                guard depth <= maxTextNesting else {
                    throw APIError(.queryTooComplex, "The query nests brackets deeper than \(maxTextNesting) levels.")
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                depth -= 1
            default:
                continue
            }
        }
    }

    /// Throws `QUERY_TOO_COMPLEX` when the operation exceeds a limit.
    func check(_ document: Document, operation: OperationDefinition) throws(APIError) {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions { fragments[fragment.name.value] = fragment }
        var fields = 0
        var stack: Set<String> = []
        func walk(_ set: SelectionSet, depth: Int) throws(APIError) {
            guard depth <= maxDepth else {
                throw APIError(.queryTooComplex, "The query is nested deeper than \(maxDepth) levels.")
            }
            for selection in set.selections {
                switch selection {
                case let field as Field:
                    fields += field.name.value == "__schema" ? introspectionCost : 1
                    guard fields <= maxFields else {
                        throw APIError(.queryTooComplex, "The query costs more than \(maxFields) (one per field once fragments are expanded, \(introspectionCost) per __schema).")
                    }
                    if let nested = field.selectionSet { try walk(nested, depth: depth + 1) }
                case let inline as InlineFragment:
                    try walk(inline.selectionSet, depth: depth)
                case let spread as FragmentSpread:
                    // A cycle is a validation error; here it simply stops the walk.
                    guard let fragment = fragments[spread.name.value], stack.insert(spread.name.value).inserted else { continue }
                    try walk(fragment.selectionSet, depth: depth)
                    stack.remove(spread.name.value)
                default:
                    continue
                }
            }
        }
        try walk(operation.selectionSet, depth: 1)
    }
}
