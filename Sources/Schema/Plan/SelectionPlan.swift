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
    /// The arguments, computed once per compilation: those of the variables it was compiled for
    /// when `argumentSlot` is set.
    let arguments: Arguments
    /// Where a run's arguments for this field are (`PlanRun.slotArguments`) when they read
    /// variables; nil when they read none.
    let argumentSlot: Int?
    /// The plan of the subselection, for fields of an object type.
    let child: SelectionPlan?
    /// How the field's values are completed (`info`'s, kept here so a run reads no lock).
    let completion: Completion
    /// The leaf writer when the field's type is a leaf or a non-null leaf: such values are
    /// written on the spot.
    let leaf: LeafWriter?

    /// A planned field.
    init(key: String, nodes: [Field], info: PlanExecutor.FieldInfo?, arguments: Arguments, argumentSlot: Int?, child: SelectionPlan?) {
        self.key = key
        var json = JSONBytes()
        json.write(key)
        json.append(":")
        keyJSON = json.bytes
        name = nodes[0].name.value
        self.nodes = nodes
        self.info = info
        self.arguments = arguments
        self.argumentSlot = argumentSlot
        self.child = child
        completion = info?.completion ?? .unexpected(key)
        switch completion {
        case .leaf(let writer), .nonNull(.leaf(let writer)): leaf = writer
        default: leaf = nil
        }
    }
}

/// An operation compiled for one set of variables. Immutable, so it is kept with its prepared
/// document and shared by the process's requests: as it is when it reads no variables, else
/// with the arguments that read them computed again for each request (`PlanExecutor.bind`).
public struct PlannedOperation: @unchecked Sendable {
    /// The plan of the root selection.
    let root: SelectionPlan
    /// The operation's variable definitions, which another request's variables are coerced by.
    let variableDefinitions: [VariableDefinition]
    /// The arguments that read variables, in slot order.
    let slots: [ArgumentSlot]
    /// The `@skip`/`@include` decisions that read variables.
    let inclusions: [InclusionCheck]
}

/// A field node's arguments that read variables: its argument definitions and the literals given.
struct ArgumentSlot {
    let definitions: [(name: String, type: InputType, defaultValue: Map?)]
    let given: [Argument]
}

/// A `@skip`/`@include` decision that read variables, and what it decided.
struct InclusionCheck {
    let directives: [Directive]
    let included: Bool
}
