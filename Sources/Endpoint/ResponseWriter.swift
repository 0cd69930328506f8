import Domain
import Schema

/// Writes GraphQL responses: the one place an error is rendered for the wire. Every error
/// carries `extensions.code`; the engine already classified them (what is internal reaches
/// only the log).
enum ResponseWriter {
    /// The responses of a batch as one JSON array.
    static func batch(_ responses: [APIResponse]) -> APIResponse {
        var batch = APIResponse(
            body: "[" + responses.map(\.body).joined(separator: ",") + "]", outcome: .executed,
            errorCodes: responses.flatMap(\.errorCodes))
        // The batch speaks for its first operation in logs and headers; its cookie is the last one set.
        batch.requestID = responses.first?.requestID
        batch.operationName = responses.first?.operationName
        batch.operationType = responses.first?.operationType
        batch.userID = responses.first?.userID
        batch.sessionCookie = responses.last { $0.sessionCookie != nil }?.sessionCookie
        batch.phases = responses.flatMap(\.phases)
        batch.retryAfter = responses.lazy.compactMap(\.retryAfter).first
        return batch
    }

    /// A response for errors raised before execution: `{"errors": [...]}` with no `data`.
    static func requestError(_ errors: [APIError]) -> APIResponse {
        var body = "{"
        writeErrors(errors, to: &body)
        body += "}"
        var response = APIResponse(body: body, outcome: .requestError, errorCodes: errors.map(\.code))
        response.retryAfter = retryAfter(of: errors)
        return response
    }

    /// A response for an executed (or execution-rejected) operation; `cost` (what it was
    /// computed to cost, and the limit) goes into `extensions.cost`.
    static func result(_ outcome: ExecutionOutcome, cost: QueryCostReport? = nil) -> APIResponse {
        guard outcome.started else { return requestError(outcome.errors) }
        var body = "{"
        if !outcome.errors.isEmpty {
            writeErrors(outcome.errors, to: &body)
            body += ","
        }
        body += "\"data\":"
        body += outcome.data?.text ?? "null"
        if let cost { body += ",\"extensions\":" + cost.json }
        body += "}"
        var response = APIResponse(body: body, outcome: .executed, errorCodes: outcome.errors.map(\.code))
        response.retryAfter = retryAfter(of: outcome.errors)
        return response
    }

    /// Seconds to wait, from the first error that says (`RATE_LIMITED`, `SERVICE_UNAVAILABLE`).
    private static func retryAfter(of errors: [APIError]) -> Int? {
        errors.lazy.compactMap { $0.extensions["retryAfter"]?.integerValue }.first.map(Int.init)
    }

    /// `"errors":[…]`.
    private static func writeErrors(_ errors: [APIError], to body: inout String) {
        body += "\"errors\":["
        for (index, error) in errors.enumerated() {
            if index > 0 { body += "," }
            write(error, to: &body)
        }
        body += "]"
    }

    private static func write(_ error: APIError, to body: inout String) {
        body += "{\"message\":"
        JSONWriter.writeString(error.message, to: &body)
        if !error.locations.isEmpty {
            body += ",\"locations\":["
            body += error.locations.map { "{\"line\":\($0.line),\"column\":\($0.column)}" }.joined(separator: ",")
            body += "]"
        }
        if !error.path.isEmpty {
            body += ",\"path\":["
            for (index, element) in error.path.enumerated() {
                if index > 0 { body += "," }
                switch element {
                case .index(let position): body += String(position)
                case .key(let key): JSONWriter.writeString(key, to: &body)
                }
            }
            body += "]"
        }
        var extensions = error.extensions
        extensions["code"] = .string(error.code.rawValue)
        body += ",\"extensions\":"
        JSONWriter.write(.object(extensions), to: &body)
        body += "}"
    }
}

/// An operation's computed cost and the limit, as `extensions.cost` reports them.
struct QueryCostReport: Sendable {
    /// What the operation was estimated to cost before it ran.
    let requested: Int
    /// What its answer cost: the fields answered, each list item's counted (never more than
    /// `requested`); nil until it ran.
    var actual: Int?
    /// The most an operation may cost.
    let limit: Int

    init(requested: Int, limit: Int) {
        self.requested = requested
        self.limit = limit
    }

    /// `{"cost":{"requested":…,"actual":…,"limit":…}}`.
    var json: String {
        "{\"cost\":{\"requested\":\(requested),\(actual.map { "\"actual\":\($0)," } ?? "")\"limit\":\(limit)}}"
    }

    /// Rate-budget units a cost spends beyond the request itself: one per 1,000 from 2,000 on,
    /// so the app's screens cost one unit each while a client pulling pages of 100 with their
    /// notation (tens of thousands of fields) spends tens of the minute's 600.
    static func rateUnits(_ cost: Int) -> Int {
        cost >= 2_000 ? cost / 1_000 : 0
    }
}
