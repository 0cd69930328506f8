import Domain
import GraphQL

/// The specification's validation rules, run over the generated schema table (`SchemaIndex`)
/// rather than GraphQLSwift's schema objects, in graphql-js's words and order: each error
/// appears where graphql-js's parallel visitor would report it, rule by rule at each node.
///
/// One walk over each definition tracks the types at every node (graphql-js's `TypeInfo`),
/// reports the rules that look at one node, and notes each variable's uses; the rules that
/// need the whole document (names, fragment use and cycles, undefined and unused variables,
/// variable positions) are then reported at their definition's place. Field merging
/// (`OverlappingFields`) runs on documents that pass these.
struct DocumentValidator {
    let index: SchemaIndex
    let document: Document
    /// The fragments by name (the last of a repeated name, as graphql-js's `getFragment`).
    let fragments: [String: FragmentDefinition]
    /// The errors of the definition being walked, in order.
    var errors: [GraphQLError] = []
    /// The variables the definition being walked uses, outside its variable definitions.
    var usages: [VariableUsage] = []
    /// The operation walked last (a `@oneOf` check looks up its variables' definitions).
    var currentOperation: OperationDefinition?

    /// A variable in a position: the type expected there and whether the position has a default.
    struct VariableUsage {
        let node: Variable
        let type: SchemaTable.TypeReference?
        let hasDefault: Bool
    }

    /// What a node inside a selection set sees: the type of the selection set (graphql-js's
    /// `parentType`) and the field it belongs to (`fieldDef`), either nil when unknown.
    struct Scope {
        let parent: SchemaTable.NamedType?
        let field: SchemaTable.Field?
        static let none = Scope(parent: nil, field: nil)
    }

    /// Every error of `document`, in the order graphql-js reports them.
    static func errors(in document: Document, index: SchemaIndex) -> [GraphQLError] {
        // ExecutableDefinitions reports type-system definitions as the document is entered; the
        // other rules then look at the operations and fragments (graphql-js's would also walk
        // the type-system definitions, where nothing else is reported in practice).
        let nonExecutable = document.definitions.compactMap(Self.nonExecutableError)
        let fragments = document.fragmentsByName
        var validator = DocumentValidator(index: index, document: document, fragments: fragments)
        return nonExecutable + validator.run()
    }

    private static func nonExecutableError(_ definition: Definition) -> GraphQLError? {
        if exactCast(definition, to: OperationDefinition.self) != nil || exactCast(definition, to: FragmentDefinition.self) != nil { return nil }
        let name = switch definition {
        case let type as TypeDefinition: "\"\(type.name.value)\""
        case let extensionDefinition as TypeExtensionDefinition: "\"\(extensionDefinition.definition.name.value)\""
        default: "schema"
        }
        return GraphQLError(message: "The \(name) definition is not executable.", nodes: [definition])
    }

    private mutating func run() -> [GraphQLError] {
        // Each definition's own errors, in document order.
        var walked: [[GraphQLError]] = []
        var operationUsages: [ObjectIdentifier: [VariableUsage]] = [:]
        var fragmentUsages: [String: [VariableUsage]] = [:]
        for definition in document.definitions {
            errors = []
            usages = []
            if let operation = exactCast(definition, to: OperationDefinition.self) {
                currentOperation = operation
                walk(operation)
                operationUsages[ObjectIdentifier(operation)] = usages
            } else if let fragment = exactCast(definition, to: FragmentDefinition.self) {
                walk(fragment)
                fragmentUsages[fragment.name.value] = usages
            }
            walked.append(errors)
        }
        var rules = DocumentRules(validator: self, operationUsages: operationUsages, fragmentUsages: fragmentUsages)
        var all: [GraphQLError] = []
        for (definition, own) in zip(document.definitions, walked) {
            if let operation = exactCast(definition, to: OperationDefinition.self) {
                all += rules.entering(operation)
                all += own
                all += rules.leaving(operation)
            } else if let fragment = exactCast(definition, to: FragmentDefinition.self) {
                all += rules.entering(fragment)
                all += own
            }
        }
        return all + rules.unusedFragments()
    }
}
