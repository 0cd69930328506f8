import GraphQL

/// The part of the spec's "Values of Correct Type" rule that GraphQLSwift 4.3.0 misses: an `Int`
/// literal outside 32 bits (`limit: 9999999999`) passes its validation and fails only when the
/// operation runs. Reports such literals in arguments and variable defaults in graphql-js's words.
enum IntLiteralRange {
    /// The errors for every out-of-range `Int` literal, in document order.
    static func errors(in document: Document, schema: GraphQLSchema) -> [GraphQLError] {
        var errors: [GraphQLError] = []
        func check(_ value: Value, _ type: GraphQLInputType?) {
            switch type {
            case let nonNull as GraphQLNonNull:
                check(value, nonNull.ofType as? GraphQLInputType)
            case let list as GraphQLList:
                let item = list.ofType as? GraphQLInputType
                if let values = value as? ListValue { values.values.forEach { check($0, item) } } else { check(value, item) }
            case let object as GraphQLInputObjectType:
                guard let literal = value as? ObjectValue, let fields = try? object.fields() else { return }
                for field in literal.fields { check(field.value, fields[field.name.value]?.type) }
            case let scalar as GraphQLScalarType where scalar.name == "Int":
                if let int = value as? IntValue, Int32(int.value) == nil {
                    errors.append(GraphQLError(message: "Int cannot represent non 32-bit signed integer value: \(int.value)", nodes: [int]))
                }
            default:
                return
            }
        }
        func walk(_ selectionSet: SelectionSet, parent: GraphQLNamedType?) {
            for selection in selectionSet.selections {
                switch selection {
                case let field as Field:
                    let definition: GraphQLField? = switch parent {
                    case let object as GraphQLObjectType: (try? object.fields())?[field.name.value]
                    case let interface as GraphQLInterfaceType: (try? interface.fields())?[field.name.value]
                    default: nil
                    }
                    for argument in field.arguments { check(argument.value, definition?.args[argument.name.value]?.type) }
                    if let nested = field.selectionSet { walk(nested, parent: definition.flatMap { OverlappingFields.namedType($0.type) }) }
                case let inline as InlineFragment:
                    walk(inline.selectionSet, parent: inline.typeCondition.map { schema.getType(name: $0.name.value) } ?? parent)
                default:
                    continue
                }
            }
        }
        for (selectionSet, type, operation) in schema.topLevelSelections(of: document) {
            for variable in operation?.variableDefinitions ?? [] {
                if let value = variable.defaultValue { check(value, schema.inputType(variable.type)) }
            }
            walk(selectionSet, parent: type)
        }
        return errors
    }
}
