import GraphQL

extension PlanCompiler {
    /// Whether fields that share a response key agree: same field, same arguments (as validation
    /// compares them: object fields in any order), and the same again for their merged
    /// subselections. `OverlappingFields` has refused every document where they do not, so this
    /// only guards the plan.
    func mergesCleanly(_ selectionSets: [SelectionSet], in object: PlanExecutor.ObjectInfo) -> Bool {
        var fields: [String: [Field]] = [:]
        var visited: Set<String> = []
        for selectionSet in selectionSets { gather(selectionSet, type: object.name, into: &fields, visited: &visited) }
        for nodes in fields.values {
            guard let first = nodes.first else { continue }
            for node in nodes.dropFirst() where node.name.value != first.name.value || !OverlappingFields.sameArguments(node.arguments, first.arguments) {
                return false
            }
            let children = nodes.compactMap(\.selectionSet)
            guard !children.isEmpty, let info = object.fields[first.name.value] else { continue }
            guard let child = childObject(of: info), mergesCleanly(children, in: child) else { return false }
        }
        return true
    }

    private func gather(_ selectionSet: SelectionSet, type: String, into fields: inout [String: [Field]], visited: inout Set<String>) {
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                fields[field.alias?.value ?? field.name.value, default: []].append(field)
            case let inline as InlineFragment:
                if inline.typeCondition.map({ $0.name.value == type }) ?? true { gather(inline.selectionSet, type: type, into: &fields, visited: &visited) }
            case let spread as FragmentSpread:
                guard visited.insert(spread.name.value).inserted, let fragment = fragments[spread.name.value],
                      fragment.typeCondition.name.value == type else { continue }
                gather(fragment.selectionSet, type: type, into: &fields, visited: &visited)
            default:
                continue
            }
        }
    }
}
