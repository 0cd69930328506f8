import GraphQL

extension DocumentValidator {
    /// A value where `type` is expected (nil when the position is unknown): ValuesOfCorrectType
    /// and UniqueInputFieldNames, and each variable's use. `checks` turns ValuesOfCorrectType
    /// off below a value it already refused whole, as graphql-js's rule skips its children.
    mutating func walk(_ value: Value, type: SchemaTable.TypeReference?, hasDefault: Bool, recordsUsages: Bool, checks: Bool = true) {
        switch value {
        case let variable as Variable:
            if recordsUsages { usages.append(VariableUsage(node: variable, type: type, hasDefault: hasDefault)) }
        case let list as ListValue:
            // The items' type: the list's own, or the position's type itself when it is no list.
            let nullable = type?.nullable
            let itemType: SchemaTable.TypeReference? = if case .list(let inner) = nullable { inner } else { nullable }
            var checksItems = checks
            if checks, let nullable, !Self.isList(nullable) {
                checkLeaf(list, type: itemType)
                checksItems = false
            }
            for item in list.values { walk(item, type: itemType, hasDefault: false, recordsUsages: recordsUsages, checks: checksItems) }
        case let object as ObjectValue:
            let inputObject = type.flatMap(index.namedType).flatMap { $0.kind == .inputObject ? $0 : nil }
            var checksFields = checks
            if checks {
                if let inputObject {
                    checkFields(of: object, against: inputObject)
                } else {
                    checkLeaf(object, type: type)
                    checksFields = false
                }
            }
            var known: [String: Name] = [:]
            for field in object.fields {
                let definition = inputObject?.inputFields.first { $0.name == field.name.value }
                if checksFields, definition == nil, let inputObject {
                    errors.append(GraphQLError(
                        message: "Field \"\(field.name.value)\" is not defined by type \"\(inputObject.name)\"."
                            + Suggestions.didYouMean(Suggestions.list(for: field.name.value, among: inputObject.inputFields.map(\.name))),
                        nodes: [field]))
                }
                if let first = known[field.name.value] {
                    errors.append(GraphQLError(message: "There can be only one input field named \"\(field.name.value)\".", nodes: [first, field.name]))
                } else {
                    known[field.name.value] = field.name
                }
                walk(field.value, type: definition?.type, hasDefault: definition?.defaultValue != nil, recordsUsages: recordsUsages, checks: checksFields)
            }
        case is NullValue:
            if checks, let type, type.isNonNull {
                errors.append(GraphQLError(message: "Expected value of type \"\(type)\", found null.", nodes: [value]))
            }
        default:
            if checks { checkLeaf(value, type: type) }
        }
    }

    private static func isList(_ type: SchemaTable.TypeReference) -> Bool {
        if case .list = type { true } else { false }
    }

    /// graphql-js's `isValidValueNode`: a literal where a scalar or enum (or, refused, anything
    /// else) is expected. A leaf's literal is checked by the rule the executor parses it with
    /// (`LeafType.parseLiteral`), its error reported as it is; validation alone holds `Int`
    /// literals to 32 bits, as graphql-js does (GraphQLSwift's rule takes 64).
    private mutating func checkLeaf(_ value: Value, type: SchemaTable.TypeReference?) {
        guard let type, let named = index.namedType(type) else { return }
        guard named.kind.isLeaf else {
            errors.append(GraphQLError(message: "Expected value of type \"\(type)\", found \(print(ast: value)).", nodes: [value]))
            return
        }
        let leaf = LeafType(named)
        if case .int = leaf.kind, let int = value as? IntValue, Int32(int.value) == nil {
            errors.append(GraphQLError(message: "Int cannot represent non 32-bit signed integer value: \(int.value)", nodes: [int]))
            return
        }
        do {
            _ = try leaf.parseLiteral(value)
        } catch let error as GraphQLError {
            errors.append(error)
        } catch {
            errors.append(GraphQLError(message: "Expected value of type \"\(type)\", found \(print(ast: value)).", nodes: [value]))
        }
    }

    /// An input object literal's required fields, and a `@oneOf` object's single field.
    private mutating func checkFields(of object: ObjectValue, against type: SchemaTable.NamedType) {
        let given = Dictionary(object.fields.map { ($0.name.value, $0) }, uniquingKeysWith: { _, last in last })
        for field in type.inputFields where field.isRequired && given[field.name] == nil {
            errors.append(GraphQLError(
                message: "Field \"\(type.name).\(field.name)\" of required type \"\(field.type)\" was not provided.", nodes: [object]))
        }
        guard type.isOneOf else { return }
        guard given.count == 1, let (name, field) = given.first else {
            errors.append(GraphQLError(message: "OneOf Input Object \"\(type.name)\" must specify exactly one key.", nodes: [object]))
            return
        }
        if field.value is NullValue {
            errors.append(GraphQLError(message: "Field \"\(type.name).\(name)\" must be non-null.", nodes: [object]))
        } else if let variable = field.value as? Variable, let definition = variableDefinition(named: variable.name.value),
            !(definition.type is NonNullType) {
            errors.append(GraphQLError(
                message: "Variable \"\(variable.name.value)\" must be non-nullable to be used for OneOf Input Object \"\(type.name)\".",
                nodes: [object]))
        }
    }

    /// The current operation's definition of a variable (none inside a fragment).
    private func variableDefinition(named name: String) -> VariableDefinition? {
        currentOperation?.variableDefinitions.last { $0.variable.name.value == name }
    }
}
