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

    /// Throws `QUERY_TOO_COMPLEX` when the document exceeds a limit: any operation's cost or
    /// depth once fragments are expanded, or the document's own field count (what validation
    /// walks, whichever operation runs). Each fragment is measured once and memoised, and a
    /// spread that closes a cycle counts nothing (validation refuses the cycle), so the check
    /// takes time linear in the document's size whatever its fragments do.
    func check(_ document: Document) throws(APIError) {
        var measure = FragmentMeasure(document: document, introspectionCost: introspectionCost, cap: maxFields + 1)
        var written = 0
        for definition in document.definitions {
            guard let selections = exactCast(definition, to: OperationDefinition.self)?.selectionSet
                ?? exactCast(definition, to: FragmentDefinition.self)?.selectionSet else { continue }
            written += Self.fieldCount(selections)
            let size = measure.size(of: selections)
            guard written <= maxFields, size.cost <= maxFields else {
                throw APIError(.queryTooComplex, "The query costs more than \(maxFields) (one per field once fragments are expanded, \(introspectionCost) per __schema).")
            }
            guard size.depth <= maxDepth else {
                throw APIError(.queryTooComplex, "The query is nested deeper than \(maxDepth) levels.")
            }
        }
    }

    /// Fields written in a selection set, fragments not expanded.
    private static func fieldCount(_ set: SelectionSet) -> Int {
        set.selections.reduce(0) { count, selection in
            switch selection {
            case let field as Field: count + 1 + (field.selectionSet.map(fieldCount) ?? 0)
            case let inline as InlineFragment: count + fieldCount(inline.selectionSet)
            default: count
            }
        }
    }
}

/// The expanded cost and depth of selection sets, each fragment measured once.
private struct FragmentMeasure {
    /// Cost (fields, `__schema` weighted) and depth (levels of selection) once expanded.
    struct Size { var cost = 0; var depth = 0 }

    let fragments: [String: FragmentDefinition]
    let introspectionCost: Int
    /// Costs are counted up to this and no further, so expansions that grow exponentially stay small numbers.
    let cap: Int
    var measured: [String: Size] = [:]
    var measuring: Set<String> = []

    init(document: Document, introspectionCost: Int, cap: Int) {
        fragments = document.fragmentsByName
        self.introspectionCost = introspectionCost
        self.cap = cap
    }

    mutating func size(of set: SelectionSet) -> Size {
        var total = Size(cost: 0, depth: 1)
        for selection in set.selections {
            var part = Size()
            switch selection {
            case let field as Field:
                part.cost = field.name.value == "__schema" ? introspectionCost : 1
                if let nested = field.selectionSet {
                    let inner = size(of: nested)
                    part.cost += inner.cost
                    part.depth = inner.depth + 1
                }
            case let inline as InlineFragment:
                part = size(of: inline.selectionSet)
            case let spread as FragmentSpread:
                part = fragment(spread.name.value)
            default:
                continue
            }
            total.cost = min(cap, total.cost + part.cost)
            total.depth = max(total.depth, part.depth)
        }
        return total
    }

    private mutating func fragment(_ name: String) -> Size {
        if let known = measured[name] { return known }
        guard let fragment = fragments[name], measuring.insert(name).inserted else { return Size() }
        let result = size(of: fragment.selectionSet)
        measuring.remove(name)
        measured[name] = result
        return result
    }
}
