import Domain
import GraphQL

/// U+0000 in a request's text: refused as `BAD_USER_INPUT` before anything runs, on every
/// storage engine. PostgreSQL's text cannot hold it (libpq would cut the value at it, so
/// `"id\u0000junk"` would find the row `id`), and no musician's data needs it; refusing it
/// everywhere keeps SQLite and PostgreSQL deployments answering alike.
enum NULCharacters {
    /// The message of every refusal; the offending value is not echoed.
    static let message = "Text may not contain the NUL character (U+0000)."

    /// Whether a text holds U+0000 (scanned as bytes: UTF-8 has no other zero byte).
    static func occur(in text: String) -> Bool {
        text.utf8.contains(0)
    }

    /// The refusal for the document's first string literal holding U+0000, located at it.
    static func refusal(in document: Document) -> APIError? {
        for definition in document.definitions {
            let found: StringValue? = if let operation = exactCast(definition, to: OperationDefinition.self) {
                operation.variableDefinitions.lazy.compactMap { $0.defaultValue.flatMap(literal(in:)) }.first
                    ?? literal(in: operation.directives) ?? literal(in: operation.selectionSet)
            } else if let fragment = exactCast(definition, to: FragmentDefinition.self) {
                literal(in: fragment.directives) ?? literal(in: fragment.selectionSet)
            } else {
                nil
            }
            if let found {
                return APIError(.badUserInput, message).located(at: GraphQLEngine.locations(of: found))
            }
        }
        return nil
    }

    private static func literal(in set: SelectionSet) -> StringValue? {
        for selection in set.selections {
            let found: StringValue? = switch selection {
            case let field as Field:
                field.arguments.lazy.compactMap { literal(in: $0.value) }.first
                    ?? literal(in: field.directives) ?? field.selectionSet.flatMap(literal(in:))
            case let inline as InlineFragment:
                literal(in: inline.directives) ?? literal(in: inline.selectionSet)
            case let spread as FragmentSpread:
                literal(in: spread.directives)
            default:
                nil
            }
            if let found { return found }
        }
        return nil
    }

    private static func literal(in directives: [Directive]) -> StringValue? {
        // Loops, not a lazy chain over a key path, whose types every process made at run time.
        for directive in directives {
            for argument in directive.arguments {
                if let found = literal(in: argument.value) { return found }
            }
        }
        return nil
    }

    private static func literal(in value: Value) -> StringValue? {
        switch value {
        case let string as StringValue: occur(in: string.value) ? string : nil
        case let list as ListValue: list.values.lazy.compactMap(literal(in:)).first
        case let object as ObjectValue: object.fields.lazy.compactMap { literal(in: $0.value) }.first
        default: nil
        }
    }
}
