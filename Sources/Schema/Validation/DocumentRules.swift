import Domain
import GraphQL

/// The rules that need the whole document, reported at their definition's place once every
/// definition has been walked: unique and lone operation names, unique fragment names,
/// fragment types, cycles and use, unique, undefined and unused variables, variables in
/// allowed positions, and unique directives on definitions.
struct DocumentRules {
    let validator: DocumentValidator
    /// Each operation's variable uses (by the operation's identity), as its walk found them.
    let operationUsages: [ObjectIdentifier: [DocumentValidator.VariableUsage]]
    /// Each fragment's variable uses, as its walk found them.
    let fragmentUsages: [String: [DocumentValidator.VariableUsage]]
    /// The uses of the operation entered last, with those of the fragments it reaches.
    private var currentUsages: [DocumentValidator.VariableUsage] = []
    private var operationNames: [String: Name] = [:]
    private var fragmentNames: [String: Name] = [:]
    private var usedFragments: Set<String> = []
    private var checkedForCycles: Set<String> = []
    private let operationCount: Int

    init(
        validator: DocumentValidator, operationUsages: [ObjectIdentifier: [DocumentValidator.VariableUsage]],
        fragmentUsages: [String: [DocumentValidator.VariableUsage]]
    ) {
        self.validator = validator
        self.operationUsages = operationUsages
        self.fragmentUsages = fragmentUsages
        operationCount = validator.document.definitions.count { exactCast($0, to: OperationDefinition.self) != nil }
    }

    private var index: SchemaIndex { validator.index }

    /// UniqueOperationNames, LoneAnonymousOperation, UniqueVariableNames, NoUndefinedVariables
    /// and UniqueDirectivesPerLocation, as the operation is entered.
    mutating func entering(_ operation: OperationDefinition) -> [GraphQLError] {
        var errors: [GraphQLError] = []
        if let name = operation.name {
            if let first = operationNames[name.value] {
                errors.append(GraphQLError(message: "There can be only one operation named \"\(name.value)\".", nodes: [first, name]))
            } else {
                operationNames[name.value] = name
            }
        } else if operationCount > 1 {
            errors.append(GraphQLError(message: "This anonymous operation must be the only defined operation.", nodes: [operation]))
        }
        let referenced = referencedFragments(of: operation)
        usedFragments.formUnion(referenced)
        for (name, nodes) in DocumentValidator.repeated(operation.variableDefinitions, by: \.variable.name) {
            errors.append(GraphQLError(message: "There can be only one variable named \"$\(name)\".", nodes: nodes))
        }
        currentUsages = (operationUsages[ObjectIdentifier(operation)] ?? []) + referenced.flatMap { fragmentUsages[$0] ?? [] }
        let defined = Set(operation.variableDefinitions.map(\.variable.name.value))
        for usage in currentUsages where !defined.contains(usage.node.name.value) {
            let name = usage.node.name.value
            errors.append(GraphQLError(
                message: operation.name.map { "Variable \"$\(name)\" is not defined by operation \"\($0.value)\"." } ?? "Variable \"$\(name)\" is not defined.",
                nodes: [usage.node, operation]))
        }
        return errors + DocumentValidator.repeatedDirectives(operation.directives, index: index)
    }

    /// NoUnusedVariables and VariablesInAllowedPosition, as the operation (entered last) is left.
    func leaving(_ operation: OperationDefinition) -> [GraphQLError] {
        var errors: [GraphQLError] = []
        let usages = currentUsages
        let used = Set(usages.map(\.node.name.value))
        for definition in operation.variableDefinitions where !used.contains(definition.variable.name.value) {
            let name = definition.variable.name.value
            errors.append(GraphQLError(
                message: operation.name.map { "Variable \"$\(name)\" is never used in operation \"\($0.value)\"." } ?? "Variable \"$\(name)\" is never used.",
                nodes: [definition]))
        }
        var definitions: [String: VariableDefinition] = [:]
        for definition in operation.variableDefinitions { definitions[definition.variable.name.value] = definition }
        for usage in usages {
            guard let definition = definitions[usage.node.name.value], let expected = usage.type,
                let type = index.reference(definition.type) else { continue }
            if !allowed(type, hasDefault: definition.defaultValue.map { !($0 is NullValue) } ?? false, at: expected, locationHasDefault: usage.hasDefault) {
                errors.append(GraphQLError(
                    message: "Variable \"$\(usage.node.name.value)\" of type \"\(type)\" used in position expecting type \"\(expected)\".",
                    nodes: [definition, usage.node]))
            }
        }
        return errors
    }

    /// graphql-js's `allowedVariableUsage`: a nullable variable may fill a non-null position
    /// when it or the position has a default.
    private func allowed(_ type: SchemaTable.TypeReference, hasDefault: Bool, at expected: SchemaTable.TypeReference, locationHasDefault: Bool) -> Bool {
        if case .nonNull(let inner) = expected, !type.isNonNull {
            return (hasDefault || locationHasDefault) && index.isSubtype(type, of: inner)
        }
        return index.isSubtype(type, of: expected)
    }

    /// FragmentsOnCompositeTypes, UniqueFragmentNames, NoFragmentCycles and
    /// UniqueDirectivesPerLocation, as the fragment is entered.
    mutating func entering(_ fragment: FragmentDefinition) -> [GraphQLError] {
        var errors: [GraphQLError] = []
        let name = fragment.name.value
        if let type = index.type(named: fragment.typeCondition.name.value), !type.kind.isComposite {
            errors.append(GraphQLError(
                message: "Fragment \"\(name)\" cannot condition on non composite type \"\(type.name)\".", nodes: [fragment.typeCondition]))
        }
        if let first = fragmentNames[name] {
            errors.append(GraphQLError(message: "There can be only one fragment named \"\(name)\".", nodes: [first, fragment.name]))
        } else {
            fragmentNames[name] = fragment.name
        }
        var path: [FragmentSpread] = []
        var pathIndex: [String: Int] = [:]
        detectCycles(from: fragment, path: &path, pathIndex: &pathIndex, errors: &errors)
        return errors + DocumentValidator.repeatedDirectives(fragment.directives, index: index)
    }

    /// NoUnusedFragments, as the document is left.
    func unusedFragments() -> [GraphQLError] {
        validator.document.definitions.compactMap { definition in
            guard let fragment = exactCast(definition, to: FragmentDefinition.self), !usedFragments.contains(fragment.name.value) else { return nil }
            return GraphQLError(message: "Fragment \"\(fragment.name.value)\" is never used.", nodes: [fragment])
        }
    }

    /// graphql-js's `detectCycleRecursive`: each spread path that comes back to a fragment on it.
    private mutating func detectCycles(
        from fragment: FragmentDefinition, path: inout [FragmentSpread], pathIndex: inout [String: Int], errors: inout [GraphQLError]
    ) {
        let name = fragment.name.value
        guard checkedForCycles.insert(name).inserted else { return }
        let spreads = Self.spreads(in: fragment.selectionSet)
        guard !spreads.isEmpty else { return }
        pathIndex[name] = path.count
        for spread in spreads {
            let spreadName = spread.name.value
            path.append(spread)
            if let start = pathIndex[spreadName] {
                let cycle = Array(path[start...])
                let via = cycle.dropLast().map { "\"\($0.name.value)\"" }.joined(separator: ", ")
                errors.append(GraphQLError(
                    message: "Cannot spread fragment \"\(spreadName)\" within itself" + (via.isEmpty ? "." : " via \(via)."), nodes: cycle))
            } else if let next = validator.fragments[spreadName] {
                detectCycles(from: next, path: &path, pathIndex: &pathIndex, errors: &errors)
            }
            path.removeLast()
        }
        pathIndex[name] = nil
    }

    /// graphql-js's `getFragmentSpreads`: the spreads of a selection set and of the sets nested
    /// in it, in its order (a stack, last nested set first).
    static func spreads(in selectionSet: SelectionSet) -> [FragmentSpread] {
        var spreads: [FragmentSpread] = []
        var sets = [selectionSet]
        while let set = sets.popLast() {
            for selection in set.selections {
                switch selection {
                case let spread as FragmentSpread: spreads.append(spread)
                case let inline as InlineFragment: sets.append(inline.selectionSet)
                case let field as Field: if let nested = field.selectionSet { sets.append(nested) }
                default: continue
                }
            }
        }
        return spreads
    }

    /// graphql-js's `getRecursivelyReferencedFragments`: the names of the fragments an operation
    /// reaches, in the order it finds them.
    private func referencedFragments(of operation: OperationDefinition) -> [String] {
        var names: [String] = []
        var collected: Set<String> = []
        var sets = [operation.selectionSet]
        while let set = sets.popLast() {
            for spread in Self.spreads(in: set) where collected.insert(spread.name.value).inserted {
                guard let fragment = validator.fragments[spread.name.value] else { continue }
                names.append(spread.name.value)
                sets.append(fragment.selectionSet)
            }
        }
        return names
    }
}
