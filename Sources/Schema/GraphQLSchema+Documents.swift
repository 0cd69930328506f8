import GraphQL

/// How the schema meets a document, for the rules, the cost walk and the plan compiler.
extension GraphQLSchema {
    /// The root object type an operation runs on.
    func rootType(of operation: OperationDefinition) -> GraphQLObjectType? {
        switch operation.operation {
        case .query: queryType
        case .mutation: mutationType
        case .subscription: subscriptionType
        }
    }

    /// The input type a written type (a variable's) names, wrappers included; nil when it names none.
    func inputType(_ type: GraphQL.`Type`) -> GraphQLInputType? {
        switch type {
        case let named as NamedType: getType(name: named.name.value) as? GraphQLInputType
        case let list as ListType: inputType(list.type).map { GraphQLList($0) }
        case let nonNull as NonNullType: (inputType(nonNull.type) as? GraphQLNullableType).map { GraphQLNonNull($0) }
        default: nil
        }
    }

    /// Each operation's and fragment's selection set in document order, with the type it
    /// selects on and, for an operation, the operation.
    func topLevelSelections(of document: Document) -> [(selectionSet: SelectionSet, type: GraphQLNamedType?, operation: OperationDefinition?)] {
        document.definitions.compactMap { definition in
            switch definition {
            case let operation as OperationDefinition: (operation.selectionSet, rootType(of: operation), operation)
            case let fragment as FragmentDefinition: (fragment.selectionSet, getType(name: fragment.typeCondition.name.value), nil)
            default: nil
            }
        }
    }
}

extension Document {
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
            if let operation = definition as? OperationDefinition {
                walk(operation.selectionSet)
            } else if let fragment = definition as? FragmentDefinition {
                walk(fragment.selectionSet)
            }
        }
    }
}
