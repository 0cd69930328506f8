import Dispatch
import Domain
import GraphQL

/// The executable schema: made once per process from the table written at build time, with
/// resolvers and scalars attached.
public struct APISchema: Sendable {
    /// GraphQLSwift's schema, made only when a test asks (the oracle's executor and validation).
    private let library: Once<GraphQLSchema>
    /// The executor that runs operations over the resolver table directly.
    let plan: PlanExecutor
    /// The list lengths the SDL declares (the cost walk reads each field's as it reaches it).
    let listSizes: ListSizes
    /// The generated table by name: what validation and the cost walk read.
    let index: SchemaIndex

    /// Why the schema could not be assembled; always a programming error.
    public struct AssemblyError: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// Makes the plan executor over every resolver, from the table written at build time
    /// (`SchemaTable.generated`), trusted: a process neither parses nor validates the SDL, and
    /// makes no GraphQLSwift schema (validation, cost and the plan compiler read the table; the
    /// executor's leaf and input types are its own, `PlanTypes`).
    /// With `validate`, a test also builds GraphQLSwift's schema from the SDL text, validated.
    public static func make(validate: Bool = false) throws -> APISchema {
        let index = SchemaIndex(.generated)
        let library: Once<GraphQLSchema>
        if validate {
            let schema = try buildSchema(source: SchemaSource.sdl)
            let errors = validateSchema(schema: schema)
            guard errors.isEmpty else {
                throw AssemblyError(description: errors.map(\.message).joined(separator: "\n"))
            }
            Scalars.configure { schema.getType(name: $0) as? GraphQLScalarType }
            library = Once { schema }
        } else {
            library = Once {
                let types = GraphQLTypes(index)
                Scalars.configure { try? types.named($0) as? GraphQLScalarType }
                return try SchemaTable.generated.graphQLSchema(types: types)
            }
        }
        var table = resolverTable(locatingArgumentsIn: index)
        // Introspection runs on the plan executor only, over a description of the SDL's table.
        table.registerIntrospection(Once { try SchemaDescription(table: .generated) })
        return APISchema(
            library: library, plan: PlanExecutor(index: index, types: PlanTypes(index: index), resolvers: table),
            listSizes: ListSizes(table: .generated), index: index)
    }

    /// GraphQLSwift's schema, made at the first use: only tests ask for it (the oracle's
    /// executor, the library's validation, printing); its scalars are the plan executor's.
    var schema: GraphQLSchema {
        // A table that cannot make it fails `make` first: the executor makes every type it uses.
        try! library.value()
    }

    /// A validated operation compiled for the plan executor, or nil when it does not cover it
    /// (`PlanCoverageTests` holds that to never happen). An operation that declares variables is
    /// compiled for the given values only.
    func compile(document: Document, operation: OperationDefinition, variables: [String: Map] = [:]) -> PlannedOperation? {
        plan.compile(document: document, operation: operation, variables: variables)
    }

    /// The specification's validation errors of a document, over the generated table: every
    /// rule (`DocumentValidator`), then, for a document that passes them, field merging.
    func validationErrors(in document: Document) -> [GraphQLError] {
        let errors = DocumentValidator.errors(in: document, index: index)
        return errors.isEmpty ? OverlappingFields.errors(in: document, index: index) : errors
    }

    /// The errors for the introspection a document asks for, when a deployment turns it off.
    func introspectionErrors(in document: Document) -> [GraphQLError] {
        IntrospectionFields.errors(in: document)
    }

    /// What `operation` costs to answer with these variables (`QueryCost`).
    func cost(of operation: OperationDefinition, in document: Document, variables: [String: Map]) -> Int {
        QueryCost.cost(of: operation, in: document, index: index, variables: variables)
    }

    /// Runs a compiled operation with its slots' arguments. Past the context's deadline (or, without one, `timeout` from
    /// now) it stops and throws `TIMEOUT`; `timeout` is the limit the message names.
    func execute(
        _ operation: PlannedOperation, arguments: [Arguments] = [], root: Any = (), context: RequestContext, timeoutMilliseconds timeout: Int
    ) throws -> ExecutionResult {
        let deadline = context.deadline != .max
            ? context.deadline : DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout)) * 1_000_000
        do {
            return try plan.run(operation, arguments: arguments, root: root, context: context, deadline: deadline)
        } catch is PlanTimeout {
            throw APIError(.timeout, "The request took longer than \(timeout) ms.")
        }
    }

    /// The SDL the schema was built from. `SchemaTests` holds it to the library's printing of
    /// the built schema, which matches it byte for byte once the `@listSize` applications on
    /// fields (which printers leave out, as graphql-js's does) are set aside.
    public func printedSDL() -> String {
        SchemaSource.sdl
    }

    /// Every resolver of the API.
    static func resolverTable() -> ResolverTable {
        var table = ResolverTable()
        table.registerSheetMusic()
        table.registerOwnPieces()
        table.registerAccounts()
        table.registerPractice()
        table.registerRecordings()
        table.registerProgress()
        table.registerSubscriptions()
        return table
    }

    /// Every resolver of the API, each told where its arguments are in the schema (`ArgumentPaths`).
    private static func resolverTable(locatingArgumentsIn index: SchemaIndex) -> ResolverTable {
        var table = resolverTable()
        table.locatingArguments(with: ArgumentPaths(index: index))
        return table
    }

    /// Sets each field's resolver on GraphQLSwift's objects, for its executor: only a test's
    /// oracle runs it, so a process does not pay for this. Replacing each type's fields thunk
    /// makes GraphQLSwift define the fields again, with their resolvers, at the next read.
    func attachingResolvers() throws -> APISchema {
        for (typeName, fieldResolvers) in Self.resolverTable(locatingArgumentsIn: index).resolvers {
            guard let type = schema.getType(name: typeName) as? GraphQLObjectType else {
                throw AssemblyError(description: "resolvers name unknown object type \(typeName)")
            }
            let fields = try type.fields()
            for (fieldName, resolve) in fieldResolvers {
                guard let field = fields[fieldName] else {
                    throw AssemblyError(description: "resolver for unknown field \(typeName).\(fieldName)")
                }
                field.resolve = resolve.graphQLResolve
            }
            type.fields = { fields }
        }
        return self
    }
}
