import GraphQL

/// What an operation may cost to answer, following the data rather than the text: each field
/// costs 1 (`__schema` 500 and `__type` 50, whatever they select), and the selection of a list costs as many times as the list is
/// long — a page's `limit` (default 20, at most 100) for the paged lists, an assumed size for
/// the others (like Hot Chocolate's `@listSize`). Fragments count where they are spread, and
/// `@skip`/`@include` are not looked at (a skipped field may be included by another variable).
/// Counting saturates, so nested lists cannot overflow it.
enum QueryCost {
    /// Lists paged by a `limit` argument, and the default page size of each.
    static let pagedFields: [String: Int] = [
        "Query.listSheetMusic": 20, "Query.myPracticeSessions": 20, "Query.myPracticeLogs": 20, "Query.recommendedSheetMusic": 10,
        "Query.myRepertoire": 20, "Query.changes": 100,
    ]
    /// Assumed lengths of the other lists of objects (a connection's `edges` is its page, counted
    /// at the connection).
    static let assumedSizes: [String: Int] = [
        "SheetMusicConnection.edges": 1, "PracticeSessionConnection.edges": 1, "PracticeLogConnection.edges": 1,
        "SheetMusic.measures": 16, "Measure.notes": 16, "PracticeSession.logs": 20,
        "Query.myPracticeTemplates": 20, "Query.myPieces": 50, "Query.myAchievements": 30, "Query.myGoals": 20,
        "RepertoireConnection.edges": 1, "ChangeFeed.changes": 1, "RepertoireItem.history": 6, "RepertoireItem.links": 5,
        "PracticeStatistics.periods": 31, "PracticeStatistics.activities": 13, "PracticeStatistics.pieces": 100,
    ]
    /// The length assumed for a list of objects not named above.
    static let defaultSize = 10
    /// What introspection costs, whatever it selects: `__schema` walks the whole schema,
    /// `__type` one type.
    static let introspectionCosts = ["__schema": 500, "__type": 50]
    private static let ceiling = 1 << 40

    /// The cost of `operation` with these variable values.
    static func cost(of operation: OperationDefinition, in document: Document, schema: GraphQLSchema, variables: [String: Map]) -> Int {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions { fragments[fragment.name.value] = fragment }
        var memo: [String: Int] = [:]
        var visiting: Set<String> = []
        func walk(_ selectionSet: SelectionSet, parent: GraphQLNamedType?) -> Int {
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
                        let type = OverlappingFields.fieldType(of: field.name.value, on: parent)
                        let inner = walk(nested, parent: type.flatMap(OverlappingFields.namedType))
                        cost += min(ceiling, size(of: field, on: parent, type: type, variables: variables) * inner)
                    }
                    total = min(ceiling, total + cost)
                case let inline as InlineFragment:
                    let type = inline.typeCondition.map { schema.getType(name: $0.name.value) } ?? parent
                    total = min(ceiling, total + walk(inline.selectionSet, parent: type))
                case let spread as FragmentSpread:
                    let name = spread.name.value
                    if memo[name] == nil, let fragment = fragments[name], visiting.insert(name).inserted {
                        memo[name] = walk(fragment.selectionSet, parent: schema.getType(name: fragment.typeCondition.name.value))
                        visiting.remove(name)
                    }
                    total = min(ceiling, total + (memo[name] ?? 0))
                default:
                    continue
                }
            }
            return total
        }
        return walk(operation.selectionSet, parent: schema.rootType(of: operation))
    }

    /// How many times a field's selection is answered.
    private static func size(of field: Field, on parent: GraphQLNamedType?, type: GraphQLOutputType?, variables: [String: Map]) -> Int {
        let key = "\(parent?.name ?? "").\(field.name.value)"
        if let pageSize = pagedFields[key] {
            let given = field.arguments.first { $0.name.value == "limit" }?.value
            let limit: Int? = switch given {
            case let literal as IntValue: Int(literal.value)
            case let variable as Variable: variables[variable.name.value]?.int
            default: nil
            }
            return min(100, max(1, limit ?? pageSize))
        }
        var unwrapped = type
        if let nonNull = unwrapped as? GraphQLNonNull { unwrapped = nonNull.ofType as? GraphQLOutputType }
        guard unwrapped is GraphQLList else { return 1 }
        return assumedSizes[key] ?? defaultSize
    }
}
