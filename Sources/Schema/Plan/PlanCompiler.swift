import GraphQL
import OrderedCollections

/// Compiles an operation into a selection plan for one set of variables: checks that the plan
/// executor covers everything the selections reach, computes each field node's arguments and
/// each `@skip`/`@include` once, and merges fields by response key as the library collects them.
/// It notes what of that read variables (`slots`, `inclusions`), so the plan serves the next
/// request's variables too once `PlanExecutor.bind` has computed those again.
final class PlanCompiler {
    /// The schema's object types with their resolvers.
    let objects: PlanExecutor.Objects
    /// The document's fragments by name.
    let fragments: [String: FragmentDefinition]
    /// The operation's variables, coerced as the library does.
    let variables: [String: Map]
    /// Arguments of each field node, by its position in the document.
    private var arguments: [Int: Map] = [:]
    /// Whether each node with `@skip`/`@include` is included, by its position.
    private var inclusion: [Int: Bool] = [:]
    /// Arguments that read variables, each computed again per request (`PlannedField.argumentSlot`).
    private(set) var slots: [ArgumentSlot] = []
    /// The slot of each field node whose arguments read variables, by its position.
    private var slotAt: [Int: Int] = [:]
    /// The `@skip`/`@include` decisions that read variables: another request's variables must
    /// decide the same for the plan to serve it.
    private(set) var inclusions: [InclusionCheck] = []

    /// A compiler over the document's fragments and the coerced variables.
    init(objects: PlanExecutor.Objects, fragments: [String: FragmentDefinition], variables: [String: Map]) {
        self.objects = objects
        self.fragments = fragments
        self.variables = variables
    }

    /// Whether the plan executor covers everything the selections can reach (false when some
    /// part needs the library's executor), computing their arguments and directives on the way.
    func covers(_ selectionSet: SelectionSet, in object: PlanExecutor.ObjectInfo, visited: inout Set<String>) -> Bool {
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                guard included(field.directives, at: field.loc) != nil else { return false }
                let name = field.name.value
                if name == "__typename" { continue }
                guard let info = object.fields[name], let start = field.loc?.start, let definitions = info.arguments,
                      let values = argumentValues(definitions, field.arguments) else { return false }
                arguments[start] = values
                if slotAt[start] == nil, field.arguments.contains(where: { Self.readsVariables($0.value) }) {
                    slotAt[start] = slots.count
                    slots.append(ArgumentSlot(definitions: definitions, given: field.arguments))
                }
                guard let subselection = field.selectionSet else { continue }
                guard let child = childObject(of: info), covers(subselection, in: child, visited: &visited) else { return false }
            case let inline as InlineFragment:
                guard included(inline.directives, at: inline.loc) != nil else { return false }
                if let condition = inline.typeCondition, condition.name.value != object.name { continue }
                guard covers(inline.selectionSet, in: object, visited: &visited) else { return false }
            case let spread as FragmentSpread:
                guard included(spread.directives, at: spread.loc) != nil else { return false }
                let name = spread.name.value
                guard let fragment = fragments[name] else { return false }
                if fragment.typeCondition.name.value != object.name { continue }
                guard visited.insert(name).inserted else { continue }
                guard covers(fragment.selectionSet, in: object, visited: &visited) else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// The fields of a selection set by response key, as the library collects them (including
    /// its per-call copy of the visited fragment names).
    func collectFields(
        _ type: String, _ selectionSet: SelectionSet, into fields: inout OrderedDictionary<String, [Field]>,
        visited outer: inout [String: Bool]
    ) {
        var visited = outer
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                guard included(field.directives, at: field.loc) == true else { continue }
                fields[field.alias?.value ?? field.name.value, default: []].append(field)
            case let inline as InlineFragment:
                let matches = inline.typeCondition.map { $0.name.value == type } ?? true
                guard included(inline.directives, at: inline.loc) == true, matches else { continue }
                collectFields(type, inline.selectionSet, into: &fields, visited: &visited)
            case let spread as FragmentSpread:
                let name = spread.name.value
                guard visited[name] == nil, included(spread.directives, at: spread.loc) == true else { continue }
                visited[name] = true
                guard let fragment = fragments[name], fragment.typeCondition.name.value == type else { continue }
                collectFields(type, fragment.selectionSet, into: &fields, visited: &visited)
            default:
                continue
            }
        }
    }

    /// The arguments computed for a field node.
    func arguments(of field: Field) -> Map {
        field.loc.flatMap { arguments[$0.start] } ?? .dictionary([:])
    }

    /// The slot of a field node whose arguments read variables; nil when they read none.
    func slot(of field: Field) -> Int? {
        field.loc.flatMap { slotAt[$0.start] }
    }

    /// Arguments as the library computes them: every defined argument, given or defaulted or
    /// undefined, in definition order; nil where the library would report an error.
    func argumentValues(_ definitions: [(name: String, type: InputType, defaultValue: Map?)], _ given: [Argument]) -> Map? {
        let literals = Dictionary(given.map { ($0.name.value, $0.value) }, uniquingKeysWith: { first, _ in first })
        var values = OrderedDictionary<String, Map>()
        for definition in definitions {
            let value: Map
            if let literal = literals[definition.name] {
                guard let coerced = InputCoercion.value(of: literal, type: definition.type, variables: variables) else { return nil }
                value = coerced
            } else {
                value = definition.defaultValue ?? .undefined
            }
            guard InputCoercion.isValid(value, for: definition.type) else { return nil }
            values[definition.name] = value
        }
        return .dictionary(values)
    }

    /// Whether `@skip`/`@include` let a node through (cached by position); nil when a condition
    /// cannot be computed.
    private func included(_ directives: [Directive], at location: Location?) -> Bool? {
        guard !directives.isEmpty else { return true }
        guard let start = location?.start else { return nil }
        if let known = inclusion[start] { return known }
        guard let result = inclusion(of: directives) else { return nil }
        if directives.contains(where: { $0.arguments.contains { Self.readsVariables($0.value) } }) {
            inclusions.append(InclusionCheck(directives: directives, included: result))
        }
        inclusion[start] = result
        return result
    }

    /// `Boolean!`, the type of `@skip`'s and `@include`'s `if`.
    private static let requiredBoolean = InputType.nonNull(.leaf(LeafType(name: "Boolean", kind: .boolean)))

    /// Whether `@skip`/`@include` let a node through with these variables; nil when a condition
    /// cannot be computed.
    func inclusion(of directives: [Directive]) -> Bool? {
        Self.inclusion(of: directives, variables: variables)
    }

    /// Whether `@skip`/`@include` let a node through with `variables` (coerced, defaults in);
    /// nil when a condition cannot be computed.
    static func inclusion(of directives: [Directive], variables: [String: Map]) -> Bool? {
        var result = true
        for (name, excludes) in [("skip", true), ("include", false)] {
            guard let directive = directives.first(where: { $0.name.value == name }) else { continue }
            guard let flag = condition(of: directive, variables: variables) else { return nil }
            if flag == excludes { result = false }
        }
        return result
    }

    /// A directive's `if` (`Boolean!`) with `variables`: nil when it has none or it cannot be
    /// computed (`@defer` and `@stream` read it too).
    static func condition(of directive: Directive, variables: [String: Map]) -> Bool? {
        guard let literal = directive.arguments.first(where: { $0.name.value == "if" })?.value,
              let value = InputCoercion.value(of: literal, type: requiredBoolean, variables: variables),
              case .bool(let flag) = value else { return nil }
        return flag
    }

    /// Whether a literal reads a variable, itself or inside a list or input object.
    static func readsVariables(_ value: Value) -> Bool {
        switch value {
        case is Variable: true
        case let list as ListValue: list.values.contains(where: readsVariables)
        case let object as ObjectValue: object.fields.contains { readsVariables($0.value) }
        default: false
        }
    }

    /// The object type a field's values are, inside list and non-null wrappers; nil for leaves
    /// and for abstract types (which the plan executor leaves to the library).
    func childObject(of field: PlanExecutor.FieldInfo) -> PlanExecutor.ObjectInfo? {
        field.completion.objectName.flatMap { objects[$0] }
    }
}
