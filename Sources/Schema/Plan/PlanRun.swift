import Domain
import GraphQL

/// One execution of a compiled operation: the request's context and deadline, the response
/// written so far and the field errors. A value with mutating methods rather than a class, so
/// its buffer and path need no run-time exclusivity checks.
struct PlanRun {
    /// The request context resolvers get.
    let context: RequestContext
    /// When the run must stop (`DispatchTime` uptime nanoseconds): it resolves fields one after
    /// another on one thread, so it checks the time itself rather than waiting to be interrupted.
    let deadline: UInt64
    /// Field errors, in the order they happened.
    var errors: [GraphQLError] = []
    /// Fields answered so far, for the operation's actual cost.
    var answeredFields = 0
    /// The response data written so far.
    var output = JSONBytes(capacity: 4096)
    /// Where the value being completed stands in the response.
    var path: [PathStep] = []
    /// This request's arguments of the fields whose arguments read variables, by slot.
    let slotArguments: [Arguments]

    /// A run for one request.
    init(context: RequestContext, deadline: UInt64, slotArguments: [Arguments] = []) {
        self.context = context
        self.deadline = deadline
        self.slotArguments = slotArguments
    }
}

/// One step of a response path. Fields are referred to without retaining them (the compiled
/// operation outlives the run), since a step is pushed for every field written.
enum PathStep {
    /// A field, by its planned field.
    case field(Unmanaged<PlannedField>)
    /// A list item, by its position.
    case index(Int)

    /// The step as the library writes it.
    var value: IndexPathValue {
        switch self {
        case .field(let field): .key(field.takeUnretainedValue().key)
        case .index(let position): .index(position)
        }
    }
}

/// Thrown through every field when a run passes its deadline.
struct PlanTimeout: Error {}
