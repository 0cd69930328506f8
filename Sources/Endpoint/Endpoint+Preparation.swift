import Dispatch
import Domain
import GraphQL

extension Endpoint {
    /// A query parsed, limited and validated, from the process's cache when it was seen before;
    /// the parse and validation, when they run, are added to `phases`.
    func preparedDocument(query: String, operationName: String?, phases: inout [TimedPhase]) -> PreparedDocument {
        documents.document(for: DocumentCache.Key(query: query, operationName: operationName)) {
            prepare(query: query, operationName: operationName, phases: &phases)
        }
    }

    /// The same, when nobody traces it.
    func preparedDocument(query: String, operationName: String?) -> PreparedDocument {
        var phases: [TimedPhase] = []
        return preparedDocument(query: query, operationName: operationName, phases: &phases)
    }

    /// Parses, limits and validates a query: what `documents` keeps.
    private func prepare(query: String, operationName: String?, phases: inout [TimedPhase]) -> PreparedDocument {
        let parseStart = DispatchTime.now().uptimeNanoseconds
        let document: Document
        do {
            try QueryLimits().checkText(query)
            document = try parse(source: Source(body: UnicodeEscapes.normalized(query), name: "GraphQL request"))
        } catch let error as GraphQLError {
            // GraphQLSwift's message for a bad escape dumps a Swift value; cut it at the reason.
            let message = error.message.range(of: ": \\uUTF8View").map { String(error.message[..<$0.lowerBound]) + "." } ?? error.message
            let clean = GraphQLError(message: message, locations: error.locations)
            return .refused(ResponseWriter.requestError(graphQLErrors: [clean], code: .graphQLParseFailed))
        } catch let error as APIError {
            return .refused(ResponseWriter.requestError([error]))
        } catch {
            return .refused(ResponseWriter.requestError([APIError(.badRequest, "The query could not be parsed.")]))
        }
        let validateStart = DispatchTime.now().uptimeNanoseconds
        phases.append(TimedPhase(name: "graphql.parse", start: parseStart, end: validateStart))
        defer { phases.append(TimedPhase(name: "graphql.validate", start: validateStart, end: DispatchTime.now().uptimeNanoseconds)) }
        do {
            try QueryLimits().check(document)
        } catch {
            return .refused(ResponseWriter.requestError([error]))
        }
        let operation = Self.operation(in: document, named: operationName)
        let schemaDefinitions = SchemaDefinitions.errors(in: document)
        if !schemaDefinitions.isEmpty {
            return .refused(ResponseWriter.requestError(graphQLErrors: schemaDefinitions, code: .graphQLValidationFailed))
        }
        if let duplicate = DuplicateDefinitions.error(in: document) {
            return .refused(ResponseWriter.requestError(graphQLErrors: [duplicate], code: .graphQLValidationFailed))
        }
        var errors = validate(schema: schema.schema, ast: document)
        if errors.isEmpty { errors = schema.supplementaryValidationErrors(in: document) }
        if errors.isEmpty, !configuration.allowsIntrospection { errors = schema.introspectionErrors(in: document) }
        if !configuration.suggestsNames { errors = errors.map(Self.withoutSuggestions) }
        guard errors.isEmpty else {
            return .refused(ResponseWriter.requestError(graphQLErrors: errors, code: .graphQLValidationFailed))
        }
        guard let operation, operation.variableDefinitions.isEmpty else { return .ready(document, operation, nil, cost: nil) }
        let planned = configuration.usesPlanExecutor ? schema.compile(document: document, operation: operation) : nil
        return .ready(document, operation, planned, cost: schema.cost(of: operation, in: document, variables: [:]))
    }

    /// A validation error without its "Did you mean …?" sentence.
    private static func withoutSuggestions(_ error: GraphQLError) -> GraphQLError {
        guard let range = error.message.range(of: " Did you mean ") else { return error }
        return GraphQLError(message: String(error.message[..<range.lowerBound]), locations: error.locations)
    }
}
