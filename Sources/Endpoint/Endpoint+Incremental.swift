import Domain
import Schema
import Services

extension Endpoint {
    /// For a query whose fragments are deferred, to a client that accepts parts: the first part
    /// answered at once from the query without those fragments (`GraphQLEngine.earlyQuery`),
    /// the rest computed after it has left, from the whole operation run then (charged to the
    /// rate budget for what its answer cost). Nil when the first part cannot leave early; the
    /// caller then runs the operation whole and splits it. A mutation is never run twice, so it
    /// never comes here.
    func earlyIncrementalAnswer(
        _ bound: BoundOperation, request: APIRequest, context: RequestContext, cost: QueryCostReport,
        charge: @escaping @Sendable (Int) -> Void
    ) async -> APIResponse? {
        let timeout = configuration.requestTimeoutMilliseconds
        guard bound.prepared.kind == .query, let early = engine.earlyQuery(of: bound),
              case .ready(let first) = engine.prepare(query: early, operationName: request.operationName),
              let firstBound = try? engine.bind(first, variables: request.variables),
              let firstOutcome = try? await engine.run(firstBound, context: context, timeoutMilliseconds: timeout), firstOutcome.started
        else { return nil }
        var response = ResponseWriter.result(firstOutcome, cost: cost)
        let maxBytes = configuration.maxResponseBytes
        guard let firstPart = engine.firstPart(of: firstBound, result: response.body),
              firstPart.utf8.count <= maxBytes else { return nil }
        response.parts = [firstPart]
        let (engine, log, requestID) = (engine, runtime.log, context.requestID)
        response.remainingParts = RemainingParts {
            do {
                let outcome = try await engine.run(bound, context: context, timeoutMilliseconds: timeout)
                for failure in outcome.failures { log.internalError(detail: failure, requestID: requestID) }
                var whole = cost
                whole.actual = min(cost.requested, outcome.answeredFields ?? cost.requested)
                charge(whole.actual ?? cost.requested)
                let body = ResponseWriter.result(outcome, cost: whole).body
                guard body.utf8.count <= maxBytes else {
                    throw APIError(.queryTooComplex, "The answer would be larger than \(maxBytes) bytes; ask for smaller pages or fewer fields.")
                }
                let parts = engine.incrementalParts(of: bound, result: body)
                return parts.map { Array($0.dropFirst()) } ?? ["{\"hasNext\":false}"]
            } catch {
                // The first part has left: the rest can only end the answer, with the reason.
                if !(error is APIError) { log.internalError(error, requestID: requestID) }
                let refusal = ResponseWriter.requestError([(error as? APIError) ?? APIError(.internalServerError, "Internal server error.")])
                return ["{\"hasNext\":false,\"errors\":" + refusal.errorsJSON + "}"]
            }
        }
        return response
    }
}
