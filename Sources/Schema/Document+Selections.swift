import Domain
import GraphQL

extension Document {
    /// The document's fragment definitions by name.
    var fragmentsByName: [String: FragmentDefinition] {
        var fragments: [String: FragmentDefinition] = [:]
        for definition in definitions {
            if let fragment = exactCast(definition, to: FragmentDefinition.self) { fragments[fragment.name.value] = fragment }
        }
        return fragments
    }

    /// Visits every selection (field, inline fragment, spread) of every operation and fragment,
    /// in document order, each before the selections nested in it.
    func forEachSelection(_ visit: (Selection) -> Void) {
        func walk(_ selectionSet: SelectionSet) {
            for selection in selectionSet.selections {
                visit(selection)
                switch selection {
                case let field as Field: field.selectionSet.map(walk)
                case let inline as InlineFragment: walk(inline.selectionSet)
                default: continue
                }
            }
        }
        for definition in definitions {
            if let operation = exactCast(definition, to: OperationDefinition.self) {
                walk(operation.selectionSet)
            } else if let fragment = exactCast(definition, to: FragmentDefinition.self) {
                walk(fragment.selectionSet)
            }
        }
    }
}
