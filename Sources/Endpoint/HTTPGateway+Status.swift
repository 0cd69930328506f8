import Domain

extension HTTPGateway {
    /// The one place a GraphQL answer's HTTP status and its denial headers are decided, from the
    /// answer's outcome and error codes, for both media types. A denial is a denial whether it
    /// stopped the request or one of its fields: `RATE_LIMITED` is 429 and `SERVICE_UNAVAILABLE`
    /// 503, each with `Retry-After`.
    static func status(for api: APIResponse, media: MediaType) -> (status: Int, headers: [(name: String, value: String)]) {
        let codes = api.errorCodes
        switch api.outcome {
        case .malformed:
            return (400, [])
        case .mutationNotAllowed:
            return (405, [("Allow", "POST")])
        case .executed, .requestError:
            break
        }
        if let denial = denial(codes, retryAfter: api.retryAfter) { return denial }
        guard api.outcome == .requestError else { return (200, []) }
        if codes.contains(.timeout) { return (504, []) }
        if codes.contains(.internalServerError) { return (500, []) }
        // Apollo's persisted-query links turn APQ off for good on a 400; Apollo Server answers
        // this one 200 so the client resends the query with its hash.
        if codes == [.persistedQueryNotFound] { return (200, []) }
        // The legacy type answers 200 to well-formed requests; a request that is not one (no
        // query, bad parameters) is 400 whatever the type.
        if media == .graphQLResponse || codes.allSatisfy({ $0 == .badRequest }) { return (400, []) }
        return (200, [])
    }

    /// A denial's status and `Retry-After` (the error's, else 60 s for a spent budget and 5 s
    /// for storage that is down), for a GraphQL answer or a plain one; nil for other codes.
    static func denial(_ codes: [APIError.Code], retryAfter: Int?) -> (status: Int, headers: [(name: String, value: String)])? {
        if codes.contains(.rateLimited) { return (429, [("Retry-After", String(retryAfter ?? 60))]) }
        if codes.contains(.serviceUnavailable) { return (503, [("Retry-After", String(retryAfter ?? 5))]) }
        return nil
    }
}
