import Dispatch
import Domain
import GraphQL

extension GraphQLEngine {
    /// Parses, limits and validates a query, and compiles and costs an operation without
    /// variables: what the document cache keeps.
    func preparing(query: String, operationName: String?, phases: inout [TimedPhase]) -> Preparation {
        let parseStart = DispatchTime.now().uptimeNanoseconds
        let document: Document
        do {
            try QueryLimits().checkText(query)
            document = try parse(source: Source(body: UnicodeEscapes.normalized(query), name: "GraphQL request"))
        } catch let error as GraphQLError {
            // GraphQLSwift's message for a bad escape dumps a Swift value; cut it at the reason.
            let message = error.message.range(of: ": \\uUTF8View").map { String(error.message[..<$0.lowerBound]) + "." } ?? error.message
            return .refused([APIError(.graphQLParseFailed, message).located(at: Self.locations(error.locations))])
        } catch let error as APIError {
            return .refused([error])
        } catch {
            return .refused([APIError(.badRequest, "The query could not be parsed.")])
        }
        let validateStart = DispatchTime.now().uptimeNanoseconds
        phases.append(TimedPhase(name: "graphql.parse", start: parseStart, end: validateStart))
        defer { phases.append(TimedPhase(name: "graphql.validate", start: validateStart, end: DispatchTime.now().uptimeNanoseconds)) }
        do {
            try QueryLimits().check(document)
        } catch {
            return .refused([error])
        }
        let errors = validationErrors(in: document)
        guard errors.isEmpty else {
            return .refused(errors.map { APIError(.graphQLValidationFailed, $0.message).located(at: Self.locations($0.locations)) })
        }
        if let refusal = NULCharacters.refusal(in: document) { return .refused([refusal]) }
        let operation = Self.operation(in: document, named: operationName)
        guard let operation, operation.variableDefinitions.isEmpty else {
            return .ready(PreparedOperation(document: document, operation: operation, requestedName: operationName, planned: nil, fixedCost: nil))
        }
        let planned = schema.compile(document: document, operation: operation)
        return .ready(PreparedOperation(
            document: document, operation: operation, requestedName: operationName, planned: planned,
            fixedCost: schema.cost(of: operation, in: document, variables: [:])))
    }

    /// Every validation error of a parsed document, under this deployment's options: type
    /// system definitions first, then duplicate names, then the specification's rules, then
    /// disabled introspection.
    func validationErrors(in document: Document) -> [GraphQLError] {
        let definitions = SchemaDefinitions.errors(in: document)
        if !definitions.isEmpty { return definitions }
        if let duplicate = DuplicateDefinitions.error(in: document) { return [duplicate] }
        var errors = schema.validationErrors(in: document)
        if errors.isEmpty, !options.allowsIntrospection { errors = schema.introspectionErrors(in: document) }
        if !options.suggestsNames { errors = errors.map(Self.withoutSuggestions) }
        return errors
    }

    /// The operation a request runs, or nil when the name matches none (execution reports that).
    static func operation(in document: Document, named name: String?) -> OperationDefinition? {
        let operations = document.definitions.compactMap { exactCast($0, to: OperationDefinition.self) }
        guard let name else { return operations.count == 1 ? operations.first : nil }
        return operations.first { $0.name?.value == name }
    }

    /// Why a document has no operation to run, in GraphQLSwift's words (which graphql-js shares).
    static func operationSelectionError(in document: Document, named name: String?) -> APIError {
        let count = document.definitions.count { exactCast($0, to: OperationDefinition.self) != nil }
        if let name { return APIError(.badRequest, "Unknown operation named \"\(name)\".") }
        return APIError(.badRequest, count > 1 ? "Must provide operation name if query contains multiple operations." : "Must provide an operation.")
    }

    /// GraphQLSwift's source locations as the API's.
    static func locations(_ locations: [SourceLocation]) -> [APIError.Location] {
        locations.map { APIError.Location(line: $0.line, column: $0.column) }
    }

    /// Where a node stands in its document's text.
    static func locations(of node: any Node) -> [APIError.Location] {
        locations(GraphQLError(message: "", nodes: [node]).locations)
    }

    /// A validation error without its "Did you mean …?" sentence.
    private static func withoutSuggestions(_ error: GraphQLError) -> GraphQLError {
        guard let range = error.message.range(of: " Did you mean ") else { return error }
        return GraphQLError(message: String(error.message[..<range.lowerBound]), locations: error.locations)
    }
}
