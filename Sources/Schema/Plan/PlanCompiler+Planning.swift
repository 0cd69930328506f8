import GraphQL
import OrderedCollections

extension PlanCompiler {
    /// The plan of collected fields on an object type, with the plans of their subselections.
    func plan(_ object: PlanExecutor.ObjectInfo, fields: OrderedDictionary<String, [Field]>) -> SelectionPlan {
        SelectionPlan(object: object, fields: fields.map { key, nodes in
            let info = object.fields[nodes[0].name.value]
            let child = info.flatMap(childObject).map { child in
                var subfields = OrderedDictionary<String, [Field]>()
                var visited: [String: Bool] = [:]
                for node in nodes {
                    if let selectionSet = node.selectionSet { collectFields(child.name, selectionSet, into: &subfields, visited: &visited) }
                }
                return plan(child, fields: subfields)
            }
            return PlannedField(
                key: key, nodes: nodes, info: info, arguments: Arguments(arguments(of: nodes[0])), argumentSlot: slot(of: nodes[0]),
                child: child)
        })
    }
}
