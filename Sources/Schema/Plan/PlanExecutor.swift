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
    /// A field of an object type with what resolving it needs.
    final class FieldInfo: @unchecked Sendable {
        /// Its arguments, in definition order.
        let arguments: [(name: String, type: GraphQLInputType, defaultValue: Map?)]
        /// Its resolver.
        let resolver: FieldResolver
        /// How its values are completed.
        let completion: Completion

        /// A field's type, arguments and resolver; its completion is derived from the type.
        init(
            type: GraphQLOutputType, arguments: [(name: String, type: GraphQLInputType, defaultValue: Map?)], resolver: FieldResolver
        ) {
            self.arguments = arguments
            self.resolver = resolver
            completion = Completion(type)
        }
    }

    /// An object type and its resolvable fields.
    struct ObjectInfo: @unchecked Sendable {
        /// The type.
        let type: GraphQLObjectType
        /// Fields by name (only those with a resolver).
        let fields: [String: FieldInfo]
        /// Boxes parents once per object, when the type's fields all read one Swift type.
        let boxing: ParentBoxing?
    }

    private let schema: GraphQLSchema
    let objects: [String: ObjectInfo]

    /// Indexes the schema's object types and their resolvers once per process.
    init(schema: GraphQLSchema, resolvers: [String: [String: FieldResolver]], boxing: [String: ParentBoxing]) {
        self.schema = schema
        var objects: [String: ObjectInfo] = [:]
        for (name, named) in schema.typeMap {
            guard let type = named as? GraphQLObjectType, let fields = try? type.fields() else { continue }
            var infos: [String: FieldInfo] = [:]
            for (fieldName, field) in fields {
                guard let resolver = resolvers[name]?[fieldName] else { continue }
                infos[fieldName] = FieldInfo(
                    type: field.type, arguments: field.args.map { ($0.key, $0.value.type, $0.value.defaultValue) }, resolver: resolver)
            }
            if type === schema.queryType { infos.merge(Self.metaFields(schema, resolvers[name] ?? [:])) { field, _ in field } }
            objects[name] = ObjectInfo(type: type, fields: infos, boxing: boxing[name])
        }
        self.objects = objects
    }

    /// `__schema` and `__type`, which no object type lists among its fields: the query root's,
    /// when the table has resolvers for them.
    private static func metaFields(_ schema: GraphQLSchema, _ resolvers: [String: FieldResolver]) -> [String: FieldInfo] {
        var fields: [String: FieldInfo] = [:]
        if let resolver = resolvers["__schema"], let type = schema.getType(name: "__Schema") as? GraphQLObjectType {
            fields["__schema"] = FieldInfo(type: GraphQLNonNull(type), arguments: [], resolver: resolver)
        }
        if let resolver = resolvers["__type"], let type = schema.getType(name: "__Type") as? GraphQLObjectType {
            fields["__type"] = FieldInfo(type: type, arguments: [("name", GraphQLNonNull(GraphQLString), nil)], resolver: resolver)
        }
        return fields
    }

    /// The operation compiled for these variables, or nil when it does not cover it.
    func compile(document: Document, operation: OperationDefinition, variables input: [String: Map]) -> PlannedOperation? {
        guard let root = schema.rootType(of: operation), let rootInfo = objects[root.name],
              let variables = coerceVariables(operation.variableDefinitions, input: input) else { return nil }
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions { fragments[fragment.name.value] = fragment }
        let compiler = PlanCompiler(objects: objects, fragments: fragments, variables: variables)
        var visited: Set<String> = []
        guard compiler.covers(operation.selectionSet, in: rootInfo, visited: &visited),
              compiler.mergesCleanly([operation.selectionSet], in: rootInfo) else { return nil }
        var collected = OrderedDictionary<String, [Field]>()
        var names: [String: Bool] = [:]
        compiler.collectFields(rootInfo.type, operation.selectionSet, into: &collected, visited: &names)
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
            guard let type = schema.inputType(definition.type) else { continue }
            if let problem = InputCoercion.problem(definition, type: type, input: input[definition.variable.name.value] ?? .undefined) {
                return (problem, definition)
            }
        }
        return nil
    }

    /// The operation's variables as the library coerces them; nil when it would refuse them.
    private func coerceVariables(_ definitions: [VariableDefinition], input: [String: Map]) -> [String: Map]? {
        var variables: [String: Map] = [:]
        for definition in definitions {
            guard let type = schema.inputType(definition.type),
                  let value = InputCoercion.variable(definition, type: type, input: input[definition.variable.name.value] ?? .undefined)
            else { return nil }
            variables[definition.variable.name.value] = value
        }
        return variables
    }
}
