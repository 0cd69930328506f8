import Domain
import Foundation
import GraphQL

/// A query parsed, within the limits and validated: what `GraphQLEngine.prepare` answers and
/// the document cache keeps. Nothing in it depends on the request's variables or caller (the
/// kept plan binds each request's variables anew).
public struct PreparedOperation: Sendable {
    let document: Document
    /// The operation the request runs; nil when its name matches none (execution reports that).
    let operation: OperationDefinition?
    /// The operation name the request asked for, which GraphQLSwift's executor needs again.
    let requestedName: String?
    /// An operation without variables compiled for the plan executor when it covers it.
    let planned: PlannedOperation?
    /// The cost of an operation without variables (only variables change it).
    let fixedCost: Int?
    /// An operation with variables, compiled for the first request's variables and kept for the
    /// requests after it (the same document, other variables).
    let keptPlan = KeptPlan()

    /// Whether the operation reads, writes or subscribes; nil when the document names no such operation.
    public var kind: OperationKind? {
        switch operation?.operation {
        case .query: .query
        case .mutation: .mutation
        case .subscription: .subscription
        case nil: nil
        }
    }

    /// The operation's own name.
    public var name: String? { operation?.name?.value }

    /// The field's name when the operation selects exactly one thing at its root and that is a
    /// field (what a subscription must select).
    public var soleRootField: String? {
        guard let selections = operation?.selectionSet.selections, selections.count == 1 else { return nil }
        return (selections.first as? Field)?.name.value
    }

    /// Whether the operation selects at the root only fields whose answer is the same for every
    /// anonymous client (the catalogue, `__typename`, introspection): HTTP may cache the answer.
    public var readsOnlyPublicFields: Bool {
        guard let selections = operation?.selectionSet.selections else { return false }
        return selections.allSatisfy { selection in
            (selection as? Field).map { Self.publicRootFields.contains($0.name.value) } ?? false
        }
    }

    /// Whether the operation declares variables (and so is compiled and costed per request).
    var declaresVariables: Bool { operation.map { !$0.variableDefinitions.isEmpty } ?? false }

    /// The string value the operation's first root field passes for `argument`, written inline
    /// or through a variable; nil when it passes none.
    public func stringArgument(_ argument: String, variables: [String: JSONValue]) -> String? {
        guard let field = operation?.selectionSet.selections.first as? Field else { return nil }
        let value = field.arguments.first { $0.name.value == argument }?.value
        return (value as? StringValue)?.value ?? (value as? Variable).flatMap { variables[$0.name.value]?.stringValue }
    }

    /// Root fields whose answers are the same for every anonymous client.
    static let publicRootFields: Set<String> = ["listSheetMusic", "sheetMusic", "__typename", "__schema", "__type"]
}

/// GraphQL's three kinds of operation.
public enum OperationKind: String, Sendable {
    case query
    case mutation
    case subscription
}

/// The outcome of preparing a query: an operation ready to run, or the errors that refuse it
/// (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `QUERY_TOO_COMPLEX`, `BAD_REQUEST`).
public enum Preparation: Sendable {
    /// Parsed, within the limits and valid.
    case ready(PreparedOperation)
    /// Refused with these errors; nothing ran.
    case refused([APIError])
}

/// A prepared operation with the request's variables coerced and checked, and its cost for
/// them: what `GraphQLEngine.run` executes.
public struct BoundOperation: Sendable {
    /// The operation.
    public let prepared: PreparedOperation
    /// The variables as GraphQLSwift's values.
    let variables: [String: Map]
    /// What the operation costs with these variables (one per field, times page sizes).
    public let cost: Int
}

/// The plan an operation with variables keeps, shared by the threads that run the document.
final class KeptPlan: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: PlannedOperation?

    /// The plan kept, if any.
    var plan: PlannedOperation? { lock.withLock { kept } }

    /// Keeps `plan` unless one is kept already (the first compiled serves the most requests:
    /// their variables rarely change a `@skip`/`@include`).
    func keep(_ plan: PlannedOperation) {
        lock.withLock { if kept == nil { kept = plan } }
    }
}
