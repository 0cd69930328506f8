import Domain
import GraphQL
import Services

/// The one place GraphQLSwift's errors become the API's: each is classified once, by what it
/// wraps and where it stands (a path or none), never by its message text.
extension GraphQLEngine {
    /// An execution result in the API's terms, its errors classified and ordered.
    func outcome(of result: ExecutionResult) -> ExecutionOutcome {
        // Fields run concurrently, so errors arrive in completion order; sort them by where they
        // stand in the query (then by path) so the same request always gets the same response.
        let ordered = result.errors.sorted { (lhs: GraphQLError, rhs: GraphQLError) -> Bool in
            let left = lhs.locations.first.map { [$0.line, $0.column] } ?? [0, 0]
            let right = rhs.locations.first.map { [$0.line, $0.column] } ?? [0, 0]
            if left != right { return left.lexicographicallyPrecedes(right) }
            return Self.pathKey(lhs.path.elements).lexicographicallyPrecedes(Self.pathKey(rhs.path.elements))
        }
        var failures: [String] = []
        let errors = ordered.map { error in
            let (classified, failure) = Self.classify(error)
            if let failure { failures.append(failure) }
            return classified.located(at: Self.locations(error.locations), path: error.path.elements.map(Self.pathElement))
        }
        // No data and no field error means execution never started (bad variables, unknown
        // operation): a request error. A field error that nulled the root still executed: data is null.
        let started = result.data != nil || result.errors.contains { !$0.path.elements.isEmpty }
        return ExecutionOutcome(
            data: result.data, errors: errors, started: started, planned: result.planned, failures: failures, answeredFields: result.answeredFields)
    }

    /// The client-facing error for an execution error, and the details for the log when the
    /// client is not told them.
    private static func classify(_ error: GraphQLError) -> (APIError, String?) {
        if let original = error.originalError, let apiError = StorageFailure.publicError(for: original) {
            return (apiError, apiError.code == .serviceUnavailable ? String(describing: original) : nil)
        }
        if let original = error.originalError {
            return (APIError(.internalServerError, "Internal server error."), String(describing: original))
        }
        if let code = ExecutionResult.requestErrorCode(of: error) {
            // Raised before any field ran: GraphQLSwift's coercion of the variable values.
            return (APIError(code, error.message), nil)
        }
        // GraphQLSwift's own field errors (a null in a non-null field) are server faults.
        return (APIError(.internalServerError, error.message), String(describing: error))
    }

    private static func pathElement(_ element: IndexPathValue) -> APIError.PathElement {
        switch element {
        case .index(let position): .index(position)
        case .key(let key): .key(key)
        }
    }

    /// A path as sortable strings: keys as they are, list indexes zero-padded so 10 follows 9.
    private static func pathKey(_ path: [IndexPathValue]) -> [String] {
        path.map { element in
            switch element {
            case .index(let position):
                let digits = String(position)
                return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
            case .key(let key): return key
            }
        }
    }
}
