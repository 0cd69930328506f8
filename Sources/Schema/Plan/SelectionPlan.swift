import Domain
import GraphQL

/// The fields one selection resolves on one object type, decided once per compiled operation
/// and shared by every object of a list: response keys already written as JSON, resolvers, arguments and
/// completions looked up, subselections merged.
final class SelectionPlan {
    /// The object type.
    let object: PlanExecutor.ObjectInfo
    /// The fields in response order.
    let fields: [PlannedField]

    /// A plan of collected fields on an object type.
    init(object: PlanExecutor.ObjectInfo, fields: [PlannedField]) {
        self.object = object
        self.fields = fields
    }
}

/// One response key of a selection plan.
final class PlannedField {
    /// The response key.
    let key: String
    /// `"key":` as JSON text.
    let keyJSON: [UInt8]
    /// The field's name.
    let name: String
    /// The field nodes merged under the key (for error locations and subselections).
    let nodes: [Field]
    /// The field's resolver and type; nil for `__typename`.
    let info: PlanExecutor.FieldInfo?
    /// The arguments, computed once per run.
    let arguments: Arguments
    /// The plan of the subselection, for fields of an object type.
    let child: SelectionPlan?
    /// The leaf writer when the field's type is a leaf or a non-null leaf: such values are
    /// written on the spot.
    let leaf: LeafWriter?

    /// A planned field.
    init(key: String, nodes: [Field], info: PlanExecutor.FieldInfo?, arguments: Arguments, child: SelectionPlan?) {
        self.key = key
        var json = JSONBytes()
        json.write(key)
        json.append(":")
        keyJSON = json.bytes
        name = nodes[0].name.value
        self.nodes = nodes
        self.info = info
        self.arguments = arguments
        self.child = child
        switch info?.completion {
        case .leaf(let writer)?, .nonNull(.leaf(let writer))?: leaf = writer
        default: leaf = nil
        }
    }
}

/// An operation compiled for one set of variables. Immutable, so a compiled operation without
/// variables is kept with its prepared document and shared by the process's requests.
public struct PlannedOperation: @unchecked Sendable {
    /// The plan of the root selection.
    let root: SelectionPlan
}
