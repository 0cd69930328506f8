import Domain
import GraphQL
import OrderedCollections

/// The spec's "Field Selection Merging" rule (graphql-js's `OverlappingFieldsCanBeMerged`),
/// which GraphQLSwift 4.3.0 does not run: fields that share a response key must be the same
/// field with the same arguments (unless their parents can never be the same object) and
/// return types that can merge, their subselections likewise. Follows graphql-js 16 step by
/// step, messages included, with its quadratic cases bounded: identical fields under one key
/// are compared once, and past `comparisonBudget` comparisons the document is refused.
struct OverlappingFields {
    /// Most pairs of fields compared for one document.
    static let comparisonBudget = 50_000

    let index: SchemaIndex
    let fragments: [String: FragmentDefinition]
    /// Fields and spread fragment names of each selection set seen, by its identity.
    var cache: [ObjectIdentifier: FieldsAndFragments] = [:]
    /// Fragment pairs already compared, with whether they were compared as mutually exclusive.
    var comparedFragments: [FragmentPair: Bool] = [:]
    var comparisons = 0

    /// A selection set's fields by response key (with the type each was selected on) and the
    /// fragments it spreads, in order.
    struct FieldsAndFragments {
        let id: ObjectIdentifier
        let fields: OrderedDictionary<String, [Entry]>
        let fragmentNames: [String]
    }

    /// One selected field: where it was selected, the node and its type when the parent has it.
    struct Entry {
        let parent: SchemaTable.NamedType?
        let node: Field
        let type: SchemaTable.TypeReference?
        /// The field as text, to compare identical copies once: printed only when its response
        /// key has company, which most fields of most documents never have.
        let printed: PrintedField
    }

    /// A field's text, printed at its first use and kept with the collected selection set.
    final class PrintedField {
        private let node: Field
        private(set) lazy var text = print(ast: node)

        init(_ node: Field) {
            self.node = node
        }
    }

    /// Two fragment names, in order.
    struct FragmentPair: Hashable {
        let first: String
        let second: String
        init(_ one: String, _ other: String) { (first, second) = one < other ? (one, other) : (other, one) }
    }

    /// What two fields conflict on.
    indirect enum Reason {
        case message(String)
        case subfields([(responseName: String, reason: Reason)])

        /// graphql-js's wording.
        var text: String {
            switch self {
            case .message(let message): message
            case .subfields(let list):
                list.map { "subfields \"\($0.responseName)\" conflict because \($0.reason.text)" }.joined(separator: " and ")
            }
        }
    }

    /// A conflict: the response key, why, and the fields on each side.
    struct Conflict {
        let responseName: String
        let reason: Reason
        let fields1: [Field]
        let fields2: [Field]
    }

    /// Thrown when a document needs more comparisons than the budget.
    struct OverBudget: Error {}

    /// The rule's errors for a document that passed every other validation rule, in the order
    /// graphql-js reports them (each selection set as the document visits it).
    static func errors(in document: Document, index: SchemaIndex) -> [GraphQLError] {
        let fragments = document.fragmentsByName
        var rule = OverlappingFields(index: index, fragments: fragments)
        var errors: [GraphQLError] = []
        do {
            for definition in document.definitions {
                if let operation = exactCast(definition, to: OperationDefinition.self) {
                    try rule.visit(operation.selectionSet, parent: index.rootType(of: operation.operation), errors: &errors)
                } else if let fragment = exactCast(definition, to: FragmentDefinition.self) {
                    try rule.visit(fragment.selectionSet, parent: index.type(named: fragment.typeCondition.name.value), errors: &errors)
                }
            }
        } catch {
            return [GraphQLError(message: "The document has too many fields sharing response names to check them for conflicts.")]
        }
        return errors
    }

    /// Reports the conflicts within a selection set, then visits its nested selection sets.
    private mutating func visit(_ selectionSet: SelectionSet, parent: SchemaTable.NamedType?, errors: inout [GraphQLError]) throws {
        for conflict in try conflictsWithin(selectionSet, parent: parent) {
            errors.append(GraphQLError(
                message: "Fields \"\(conflict.responseName)\" conflict because \(conflict.reason.text). "
                    + "Use different aliases on the fields to fetch both if this was intentional.",
                nodes: conflict.fields1 + conflict.fields2))
        }
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                guard let subselection = field.selectionSet else { continue }
                let type = index.declaredField(named: field.name.value, on: parent).flatMap { index.namedType($0.type) }
                try visit(subselection, parent: type, errors: &errors)
            case let inline as InlineFragment:
                try visit(inline.selectionSet, parent: inline.typeCondition.map { index.type(named: $0.name.value) } ?? parent, errors: &errors)
            default:
                continue
            }
        }
    }
}
