import GraphQL

/// What an operation may cost to answer, following the data rather than the text: each field
/// costs 1 (`__schema` 500 and `__type` 50, whatever they select), and the selection of a list costs as many times as the list is
/// long, as the SDL declares it with `@listSize` (`ListSizes`): a page's slicing argument (at
/// most 500) or the assumed size; on a connection, the size multiplies its sized fields (`edges`),
/// not its `totalCount`. Fragments count where they are spread, and
/// `@skip`/`@include` are not looked at (a skipped field may be included by another variable).
/// Counting saturates, so nested lists cannot overflow it.
enum QueryCost {
    /// What introspection costs, whatever it selects: `__schema` walks the whole schema,
    /// `__type` one type.
    static let introspectionCosts = ["__schema": 500, "__type": 50]
    private static let ceiling = 1 << 40

    /// The cost of `operation` with these variable values.
    static func cost(
        of operation: OperationDefinition, in document: Document, index: SchemaIndex, variables: [String: Map]
    ) -> Int {
        let fragments = document.fragmentsByName
        var memo: [String: Int] = [:]
        var visiting: Set<String> = []
        // `sized`: the fields of this selection set that a parent's `sizedFields` multiplies, and by how much.
        func walk(_ selectionSet: SelectionSet, parent: SchemaTable.NamedType?, sized: (fields: [String], size: Int)? = nil) -> Int {
            var total = 0
            for selection in selectionSet.selections {
                switch selection {
                case let field as Field:
                    // Introspection walks the schema, whose size is fixed: a flat price, whatever it selects.
                    if let flat = introspectionCosts[field.name.value] {
                        total = min(ceiling, total + flat)
                        continue
                    }
                    var cost = 1
                    if let nested = field.selectionSet {
                        let declared = index.declaredField(named: field.name.value, on: parent)
                        let type = declared?.type
                        let declaration: ListSizes.Declaration? = if let declared, let parent {
                            ListSizes.declaration(of: declared, on: parent)
                        } else { nil }
                        var size = size(of: field, declaration: declaration, type: type, variables: variables)
                        if let sized, sized.fields.contains(field.name.value) { size = sized.size }
                        if let declaration, !declaration.sizedFields.isEmpty {
                            // A connection: its size applies to the lists it names, inside.
                            cost += walk(nested, parent: type.flatMap(index.namedType), sized: (declaration.sizedFields, size))
                        } else {
                            let inner = walk(nested, parent: type.flatMap(index.namedType))
                            cost += min(ceiling, size * inner)
                        }
                    }
                    total = min(ceiling, total + cost)
                case let inline as InlineFragment:
                    let type = inline.typeCondition.map { index.type(named: $0.name.value) } ?? parent
                    total = min(ceiling, total + walk(inline.selectionSet, parent: type, sized: sized))
                case let spread as FragmentSpread:
                    let name = spread.name.value
                    // A fragment spread inside a connection counts its sized fields at the connection's size.
                    let key = sized.map { "\(name)|\($0.fields)|\($0.size)" } ?? name
                    if memo[key] == nil, let fragment = fragments[name], visiting.insert(name).inserted {
                        memo[key] = walk(fragment.selectionSet, parent: index.type(named: fragment.typeCondition.name.value), sized: sized)
                        visiting.remove(name)
                    }
                    total = min(ceiling, total + (memo[key] ?? 0))
                default:
                    continue
                }
            }
            return total
        }
        return walk(operation.selectionSet, parent: index.rootType(of: operation.operation))
    }

    /// How many times a field's selection is answered: the slicing argument's value (at most
    /// `ListSizes.largestPage`) or the declared assumed size for a declared field, 1 for an
    /// object, `ListSizes.defaultSize` for an undeclared list.
    private static func size(of field: Field, declaration: ListSizes.Declaration?, type: SchemaTable.TypeReference?, variables: [String: Map]) -> Int {
        if let declaration {
            for name in declaration.slicingArguments {
                let given = field.arguments.first { $0.name.value == name }?.value
                let value: Int? = switch given {
                case let literal as IntValue: Int(literal.value)
                case let variable as Variable: variables[variable.name.value]?.int
                default: nil
                }
                if let value { return min(ListSizes.largestPage, max(1, value)) }
            }
            if let assumed = declaration.assumedSize { return assumed }
        }
        guard case .list = type?.nullable else { return 1 }
        return ListSizes.defaultSize
    }
}
