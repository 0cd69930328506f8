import GraphQL

extension DocumentValidator {
    /// An operation's children: variable definitions, directives, then the selections.
    mutating func walk(_ operation: OperationDefinition) {
        for definition in operation.variableDefinitions { walk(definition) }
        let location: DirectiveLocation = switch operation.operation {
        case .query: .query
        case .mutation: .mutation
        case .subscription: .subscription
        }
        walk(operation.directives, at: location, scope: .none)
        walk(operation.selectionSet, type: index.rootType(of: operation.operation).map { .named($0.name) }, field: nil)
    }

    /// A fragment definition's children: its type condition, directives and selections.
    mutating func walk(_ fragment: FragmentDefinition) {
        checkTypeName(fragment.typeCondition)
        walk(fragment.directives, at: .fragmentDefinition, scope: .none)
        walk(fragment.selectionSet, type: outputType(fragment.typeCondition), field: nil)
    }

    /// The output type a type condition names (nil for an unknown or input type).
    func outputType(_ condition: NamedType) -> SchemaTable.TypeReference? {
        guard let type = index.type(named: condition.name.value), type.kind != .inputObject else { return nil }
        return .named(type.name)
    }

    /// A variable definition: VariablesAreInputTypes, UniqueDirectivesPerLocation, then its
    /// type's names, its default (checked against its type) and its directives.
    private mutating func walk(_ definition: VariableDefinition) {
        let type = index.reference(definition.type)
        if let type, let named = index.namedType(type), !named.kind.isInput {
            errors.append(GraphQLError(
                message: "Variable \"$\(definition.variable.name.value)\" cannot be non-input type \"\(print(ast: definition.type))\".",
                nodes: [definition.type]))
        }
        checkUniqueDirectives(definition.directives)
        checkTypeNames(definition.type)
        if let value = definition.defaultValue {
            let inputType = type.flatMap { index.namedType($0)?.kind.isInput == true ? $0 : nil }
            walk(value, type: inputType, hasDefault: false, recordsUsages: false)
        }
        walk(definition.directives, at: .variableDefinition, scope: .none)
    }

    /// KnownTypeNames for every name in a written type.
    private mutating func checkTypeNames(_ type: GraphQL.`Type`) {
        switch type {
        case let named as NamedType: checkTypeName(named)
        case let list as ListType: checkTypeNames(list.type)
        case let nonNull as NonNullType: checkTypeNames(nonNull.type)
        default: return
        }
    }

    private mutating func checkTypeName(_ named: NamedType) {
        let name = named.name.value
        guard index.type(named: name) == nil else { return }
        errors.append(GraphQLError(
            message: "Unknown type \"\(name)\"." + Suggestions.didYouMean(Suggestions.list(for: name, among: index.typeNames)),
            nodes: [named]))
    }

    /// A selection set selecting on `type`, inside `field`.
    private mutating func walk(_ selectionSet: SelectionSet, type: SchemaTable.TypeReference?, field: SchemaTable.Field?) {
        let parent = type.flatMap(index.namedType).flatMap { $0.kind.isComposite ? $0 : nil }
        let scope = Scope(parent: parent, field: field)
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field: walk(field, in: scope)
            case let inline as InlineFragment: walk(inline, in: scope, enclosing: type)
            case let spread as FragmentSpread: walk(spread, in: scope)
            default: continue
            }
        }
    }

    /// A field: ScalarLeafs, FieldsOnCorrectType, UniqueDirectivesPerLocation and
    /// UniqueArgumentNames, then its arguments, directives and selections, then
    /// ProvidedRequiredArguments.
    private mutating func walk(_ field: Field, in scope: Scope) {
        let name = field.name.value
        let definition = scope.parent.flatMap { index.field(named: name, on: $0) }
        if let type = definition?.type {
            if index.namedType(type)?.kind.isLeaf ?? false {
                if let selectionSet = field.selectionSet {
                    errors.append(GraphQLError(
                        message: "Field \"\(name)\" must not have a selection since type \"\(type)\" has no subfields.", nodes: [selectionSet]))
                }
            } else if field.selectionSet == nil {
                errors.append(GraphQLError(
                    message: "Field \"\(name)\" of type \"\(type)\" must have a selection of subfields."
                        + Suggestions.didYouMean(["\(name) { ... }"]),
                    nodes: [field]))
            }
        }
        if let parent = scope.parent, definition == nil {
            let suggestions = parent.kind == .object || parent.kind == .interface
                ? Suggestions.list(for: name, among: parent.fields.map(\.name)) : []
            errors.append(GraphQLError(
                message: "Cannot query field \"\(name)\" on type \"\(parent.name)\"." + Suggestions.didYouMean(suggestions), nodes: [field]))
        }
        checkUniqueDirectives(field.directives)
        checkUniqueArguments(field.arguments)
        let inside = Scope(parent: scope.parent, field: definition)
        for argument in field.arguments { walk(argument, directive: nil, scope: inside) }
        walk(field.directives, at: .field, scope: inside)
        if let selectionSet = field.selectionSet { walk(selectionSet, type: definition?.type, field: definition) }
        if let definition {
            let given = Set(field.arguments.map(\.name.value))
            for argument in definition.arguments where argument.isRequired && !given.contains(argument.name) {
                errors.append(GraphQLError(
                    message: "Field \"\(definition.name)\" argument \"\(argument.name)\" of type \"\(argument.type)\" is required, but it was not provided.",
                    nodes: [field]))
            }
        }
    }

    /// An argument of a field or directive: KnownArgumentNames (a field's; a directive's are
    /// checked at the directive), then its value against the argument's type. Inside an unknown
    /// directive the field's arguments are looked up, as graphql-js's `TypeInfo` does.
    mutating func walk(_ argument: Argument, directive: SchemaTable.Directive?, scope: Scope) {
        let name = argument.name.value
        let definition = (directive?.arguments ?? scope.field?.arguments)?.first { $0.name == name }
        if definition == nil, let field = scope.field, let parent = scope.parent {
            errors.append(GraphQLError(
                message: "Field \"\(field.name)\" on type \"\(parent.name)\" does not have argument \"\(name)\"."
                    + Suggestions.didYouMean(Suggestions.list(for: name, among: field.arguments.map(\.name))),
                nodes: [argument]))
        }
        walk(argument.value, type: definition?.type, hasDefault: definition?.defaultValue != nil, recordsUsages: true)
    }

    /// An inline fragment: FragmentsOnCompositeTypes, PossibleFragmentSpreads and
    /// UniqueDirectivesPerLocation, then its type condition, directives and selections.
    private mutating func walk(_ inline: InlineFragment, in scope: Scope, enclosing: SchemaTable.TypeReference?) {
        let type: SchemaTable.TypeReference?
        if let condition = inline.typeCondition {
            type = outputType(condition)
            if let named = index.type(named: condition.name.value), !named.kind.isComposite {
                errors.append(GraphQLError(message: "Fragment cannot condition on non composite type \"\(named.name)\".", nodes: [condition]))
            }
        } else {
            type = enclosing.map { .named($0.name) }
        }
        if let fragmentType = type.flatMap(index.namedType), fragmentType.kind.isComposite, let parent = scope.parent,
            !index.overlap(fragmentType, parent) {
            errors.append(GraphQLError(
                message: "Fragment cannot be spread here as objects of type \"\(parent.name)\" can never be of type \"\(fragmentType.name)\".",
                nodes: [inline]))
        }
        checkUniqueDirectives(inline.directives)
        if let condition = inline.typeCondition { checkTypeName(condition) }
        walk(inline.directives, at: .inlineFragment, scope: scope)
        walk(inline.selectionSet, type: type, field: scope.field)
    }

    /// A fragment spread: KnownFragmentNames, PossibleFragmentSpreads and
    /// UniqueDirectivesPerLocation, then its directives.
    private mutating func walk(_ spread: FragmentSpread, in scope: Scope) {
        let name = spread.name.value
        let fragment = fragments[name]
        if fragment == nil { errors.append(GraphQLError(message: "Unknown fragment \"\(name)\".", nodes: [spread.name])) }
        if let condition = fragment?.typeCondition, let fragmentType = index.type(named: condition.name.value),
            fragmentType.kind.isComposite, let parent = scope.parent, !index.overlap(fragmentType, parent) {
            errors.append(GraphQLError(
                message: "Fragment \"\(name)\" cannot be spread here as objects of type \"\(parent.name)\" can never be of type \"\(fragmentType.name)\".",
                nodes: [spread]))
        }
        checkUniqueDirectives(spread.directives)
        walk(spread.directives, at: .fragmentSpread, scope: scope)
    }
}
