import GraphQL
import OrderedCollections

/// Executes validated queries and mutations directly over the resolver table. `compile` turns an
/// operation into selection plans (fields, arguments and completions decided once); `run` calls
/// the resolvers in place, one field after another, and writes the response as JSON bytes. It
/// follows GraphQLSwift 4.3.0's executor step for step, quirks included, so the two give
/// identical responses; the differential test holds it to that. It is the only executor: queries,
/// mutations, each event of a subscription (with the event as the root value) and introspection.
/// What it does not cover (a field without a resolver, an abstract type) compiles to nil, which
/// `PlanCoverageTests` holds to never happen for a valid operation.
struct PlanExecutor: Sendable {
    /// A field of an object type with what resolving it needs. Its completion and its
    /// arguments' input types are made when an operation first selects it, so a
    /// process pays only for the fields its requests use; the compiler reads them, and a plan
    /// keeps the completion (`PlannedField`), so a run never waits on the lock behind them.
    final class FieldInfo: @unchecked Sendable {
        /// Its resolver.
        let resolver: FieldResolver
        private let types: Once<Types>

        /// What the field's type and arguments make.
        struct Types {
            /// How its values are completed.
            let completion: Completion
            /// Its arguments, in definition order; nil when the table cannot state one (a
            /// defect `PlanCoverageTests` catches), which leaves the field uncovered.
            let arguments: [(name: String, type: InputType, defaultValue: Map?)]?
        }

        init(_ field: SchemaTable.Field, resolver: FieldResolver, types: PlanTypes, completions: Completion.Maker) {
            self.resolver = resolver
            self.types = Once {
                var arguments: [(name: String, type: InputType, defaultValue: Map?)]? = []
                for argument in field.arguments {
                    guard let (type, defaultValue) = types.input(argument) else {
                        arguments = nil
                        break
                    }
                    arguments?.append((argument.name, type, defaultValue))
                }
                return Types(completion: completions.completion(of: field.type), arguments: arguments)
            }
        }

        /// How its values are completed.
        var completion: Completion {
            // The closure above throws nothing: a failure is kept in the value it makes.
            (try? types.value())?.completion ?? .unexpected("field")
        }

        /// Its arguments, in definition order; nil when the table cannot state them.
        var arguments: [(name: String, type: InputType, defaultValue: Map?)]? {
            (try? types.value())?.arguments
        }
    }

    /// An object type and its resolvable fields.
    struct ObjectInfo: @unchecked Sendable {
        /// The type's name.
        let name: String
        /// Fields by name (only those with a resolver).
        let fields: [String: FieldInfo]
        /// Boxes parents once per object, when the type's fields all read one Swift type.
        let boxing: ParentBoxing?
    }

    private let index: SchemaIndex
    private let types: PlanTypes
    /// The object types' infos, made at first use (`Objects`).
    let objects: Objects

    /// Indexes the table's object types and their resolvers (each type's info is made when an
    /// operation first reaches it, each field's types at its first use, `FieldInfo`).
    init(index: SchemaIndex, types: PlanTypes, resolvers: ResolverTable) {
        self.index = index
        self.types = types
        objects = Objects(index: index, types: types, resolvers: resolvers)
    }

    /// The operation compiled for these variables, or nil when it does not cover it.
    func compile(document: Document, operation: OperationDefinition, variables input: [String: Map]) -> PlannedOperation? {
        guard let root = index.rootType(of: operation.operation), let rootInfo = objects[root.name],
              let variables = coerceVariables(operation.variableDefinitions, input: input) else { return nil }
        let compiler = PlanCompiler(objects: objects, fragments: document.fragmentsByName, variables: variables)
        var visited: Set<String> = []
        guard compiler.covers(operation.selectionSet, in: rootInfo, visited: &visited),
              compiler.mergesCleanly([operation.selectionSet], in: rootInfo) else { return nil }
        var collected = OrderedDictionary<String, [Field]>()
        var names: [String: Bool] = [:]
        compiler.collectFields(rootInfo.name, operation.selectionSet, into: &collected, visited: &names)
        return PlannedOperation(
            root: compiler.plan(rootInfo, fields: collected), variableDefinitions: operation.variableDefinitions, slots: compiler.slots,
            inclusions: compiler.inclusions)
    }

    /// The arguments of a compiled operation's slots for these variables, in slot order; nil
    /// when the plan does not serve them (a `@skip`/`@include` decides otherwise, or the library
    /// would refuse an argument): then they need a plan of their own.
    func bind(_ operation: PlannedOperation, variables input: [String: Map]) -> [Arguments]? {
        if operation.slots.isEmpty, operation.inclusions.isEmpty { return [] }
        guard let variables = coerceVariables(operation.variableDefinitions, input: input) else { return nil }
        let compiler = PlanCompiler(objects: objects, fragments: [:], variables: variables)
        for check in operation.inclusions where compiler.inclusion(of: check.directives) != check.included { return nil }
        var arguments: [Arguments] = []
        arguments.reserveCapacity(operation.slots.count)
        for slot in operation.slots {
            guard let values = compiler.argumentValues(slot.definitions, slot.given) else { return nil }
            arguments.append(Arguments(values))
        }
        return arguments
    }

    /// Runs a compiled operation with its slots' `arguments` (`bind`) over `root` (a
    /// subscription's event; nothing for a query or mutation); throws `PlanTimeout` when it runs
    /// past `deadline` (uptime nanoseconds).
    func run(_ operation: PlannedOperation, arguments: [Arguments] = [], root: Any = (), context: RequestContext, deadline: UInt64) throws -> ExecutionResult {
        var run = PlanRun(context: context, deadline: deadline, slotArguments: arguments)
        do {
            try run.write(operation.root, source: root)
            return ExecutionResult(data: run.output, errors: run.errors, answeredFields: run.answeredFields)
        } catch let error as GraphQLError {
            return ExecutionResult(data: nil, errors: [error])
        } catch let timeout as PlanTimeout {
            throw timeout
        } catch {
            return ExecutionResult(data: nil, errors: [GraphQLError(error)])
        }
    }

    /// The first problem of the request's variables, with the definition it concerns; nil when
    /// the library accepts them all.
    func variableProblem(_ definitions: [VariableDefinition], input: [String: Map]) -> (InputCoercion.Problem, VariableDefinition)? {
        for definition in definitions {
            guard let type = types.input(definition.type) else { continue }
            if let problem = InputCoercion.problem(definition, type: type, input: input[definition.variable.name.value] ?? .undefined) {
                return (problem, definition)
            }
        }
        return nil
    }

    /// The operation's variables as the library coerces them (defaults in); nil when it would
    /// refuse them.
    func coerceVariables(_ definitions: [VariableDefinition], input: [String: Map]) -> [String: Map]? {
        var variables: [String: Map] = [:]
        for definition in definitions {
            guard let type = types.input(definition.type),
                  let value = InputCoercion.variable(definition, type: type, input: input[definition.variable.name.value] ?? .undefined)
            else { return nil }
            variables[definition.variable.name.value] = value
        }
        return variables
    }
}
