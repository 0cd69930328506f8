import Dispatch
import Domain
import GraphQL

/// The executable schema: built once per process from the SDL, with resolvers and scalars attached.
public struct APISchema: Sendable {
    /// The GraphQLSwift schema (never handed outside this target: `GraphQLEngine` is the door).
    let schema: GraphQLSchema
    /// The executor that runs operations over the resolver table directly.
    let plan: PlanExecutor
    /// The list lengths the SDL declares, for estimating costs.
    let listSizes: ListSizes
    /// The generated table by name: what validation and the cost walk read.
    let index: SchemaIndex

    /// Why the schema could not be assembled; always a programming error.
    public struct AssemblyError: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// Builds the schema and the plan executor over every resolver.
    ///
    /// A process builds it from the table written at build time (`SchemaTable.generated`), trusted:
    /// a test builds it from the SDL with full validation (`validate`), so start-up pays for
    /// neither parsing nor validating it again.
    public static func make(validate: Bool = false) throws -> APISchema {
        // Validation checks the SDL itself, so it builds from the text; a process builds from the table.
        let schema = validate ? try buildSchema(source: SchemaSource.sdl) : try SchemaTable.generated.graphQLSchema()
        if validate {
            let errors = validateSchema(schema: schema)
            guard errors.isEmpty else {
                throw AssemblyError(description: errors.map(\.message).joined(separator: "\n"))
            }
        }
        var table = try resolverTable(locatingArgumentsIn: schema)
        Scalars.configure(schema)
        // Introspection runs on the plan executor only, over a description of the SDL's table.
        table.registerIntrospection(Once { try SchemaDescription(table: .generated) })
        return APISchema(
            schema: schema, plan: PlanExecutor(schema: schema, resolvers: table.resolvers, boxing: table.boxing),
            listSizes: ListSizes(table: .generated), index: SchemaIndex(.generated))
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
        QueryCost.cost(of: operation, in: document, index: index, sizes: listSizes, variables: variables)
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

    /// Every resolver of the API, each told where its arguments are in `schema` (`ArgumentPaths`).
    private static func resolverTable(locatingArgumentsIn schema: GraphQLSchema) throws -> ResolverTable {
        var table = resolverTable()
        table.locatingArguments(with: try ArgumentPaths(schema: schema))
        return table
    }

    /// Sets each field's resolver on GraphQLSwift's objects, for its executor: only a test's
    /// oracle runs it, so a process does not pay for this. Replacing each type's fields thunk
    /// makes GraphQLSwift define the fields again, with their resolvers, at the next read.
    func attachingResolvers() throws -> APISchema {
        for (typeName, fieldResolvers) in try Self.resolverTable(locatingArgumentsIn: schema).resolvers {
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
