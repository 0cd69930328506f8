import GraphQL
import OrderedCollections

extension OverlappingFields {
    /// graphql-js's `getFieldsAndFragmentNames`, cached per selection set: its fields by
    /// response key (inline fragments' included, each with the type it was selected on) and the
    /// names of the fragments it spreads.
    mutating func fieldsAndFragments(_ selectionSet: SelectionSet, parent: SchemaTable.NamedType?) -> FieldsAndFragments {
        let id = ObjectIdentifier(selectionSet)
        if let known = cache[id] { return known }
        var fields = OrderedDictionary<String, [Entry]>()
        var fragmentNames = OrderedSet<String>()
        collect(selectionSet, parent: parent, into: &fields, fragmentNames: &fragmentNames)
        let collected = FieldsAndFragments(id: id, fields: fields, fragmentNames: Array(fragmentNames))
        cache[id] = collected
        return collected
    }

    private func collect(
        _ selectionSet: SelectionSet, parent: SchemaTable.NamedType?, into fields: inout OrderedDictionary<String, [Entry]>,
        fragmentNames: inout OrderedSet<String>
    ) {
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                let entry = Entry(parent: parent, node: field, type: index.declaredField(named: field.name.value, on: parent)?.type, printed: PrintedField(field))
                fields[field.alias?.value ?? field.name.value, default: []].append(entry)
            case let spread as FragmentSpread:
                fragmentNames.append(spread.name.value)
            case let inline as InlineFragment:
                let type = inline.typeCondition.map { index.type(named: $0.name.value) } ?? parent
                collect(inline.selectionSet, parent: type, into: &fields, fragmentNames: &fragmentNames)
            default:
                continue
            }
        }
    }

    /// graphql-js's `sameArguments`: the same names with the same values, object fields in any order.
    static func sameArguments(_ first: [Argument], _ second: [Argument]) -> Bool {
        guard first.count == second.count else { return false }
        let values = Dictionary(second.map { ($0.name.value, $0.value) }, uniquingKeysWith: { one, _ in one })
        return first.allSatisfy { argument in
            values[argument.name.value].map { canonical($0) == canonical(argument.value) } ?? false
        }
    }

    /// A value literal as text, object fields sorted by name (graphql-js's `sortValueNode`).
    static func canonical(_ value: Value) -> String {
        switch value {
        case let object as ObjectValue:
            let fields = object.fields.sorted { $0.name.value < $1.name.value }
            return "{" + fields.map { "\($0.name.value): \(canonical($0.value))" }.joined(separator: ", ") + "}"
        case let list as ListValue:
            return "[" + list.values.map(canonical).joined(separator: ", ") + "]"
        default:
            return print(ast: value)
        }
    }
}
