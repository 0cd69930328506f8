import Domain
import GraphQL
import Schema

/// Turns results and errors into response JSON. Every error gets `extensions.code`; errors that
/// are not `APIError`s are reported as `INTERNAL_SERVER_ERROR` with their details only in the log.
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
        var body = "{\"errors\":["
        for (index, error) in errors.enumerated() {
            if index > 0 { body += "," }
            writeError(message: error.message, locations: [], path: [], code: error.code.rawValue, extra: error.extensions, to: &body)
        }
        body += "]}"
        var response = APIResponse(body: body, outcome: .requestError, errorCodes: errors.map(\.code))
        response.retryAfter = errors.lazy.compactMap { $0.extensions["retryAfter"]?.integerValue }.first.map(Int.init)
        return response
    }

    /// A response for GraphQLSwift's own request errors (parse and validation), with one code.
    static func requestError(graphQLErrors errors: [GraphQLError], code: APIError.Code, extra: [String: JSONValue] = [:]) -> APIResponse {
        var body = "{\"errors\":["
        for (index, error) in errors.enumerated() {
            if index > 0 { body += "," }
            writeError(message: error.message, locations: error.locations, path: [], code: code.rawValue, extra: extra, to: &body)
        }
        body += "]}"
        return APIResponse(body: body, outcome: .requestError, errorCodes: Array(repeating: code, count: errors.count))
    }

    /// A response for an executed (or execution-rejected) operation; `cost` (what it was
    /// computed to cost, and the limit) goes into `extensions.cost`.
    static func result(_ result: ExecutionResult, log: Log, requestID: String, cost: QueryCostReport? = nil) -> APIResponse {
        var body = "{"
        var codes: [APIError.Code] = []
        var retryAfter: Int?
        // Fields run concurrently, so errors arrive in completion order; sort them by where they
        // stand in the query (then by path) so the same request always gets the same response.
        let errors = result.errors.sorted { (lhs: GraphQLError, rhs: GraphQLError) -> Bool in
            let left = lhs.locations.first.map { [$0.line, $0.column] } ?? [0, 0]
            let right = rhs.locations.first.map { [$0.line, $0.column] } ?? [0, 0]
            if left != right { return left.lexicographicallyPrecedes(right) }
            return pathKey(lhs.path.elements).lexicographicallyPrecedes(pathKey(rhs.path.elements))
        }
        if !errors.isEmpty {
            body += "\"errors\":["
            for (index, error) in errors.enumerated() {
                if index > 0 { body += "," }
                let (message, code, extra) = classify(error, log: log, requestID: requestID)
                codes.append(code)
                if retryAfter == nil { retryAfter = extra["retryAfter"]?.integerValue.map(Int.init) }
                writeError(message: message, locations: error.locations, path: error.path.elements, code: code.rawValue, extra: extra, to: &body)
            }
            body += "]"
        }
        // No data and no field error means execution never started (bad variables, unknown
        // operation): a request error. A field error that nulled the root still executed: data is null.
        guard result.data != nil || result.errors.contains(where: { !$0.path.elements.isEmpty }) else {
            body += "}"
            var response = APIResponse(body: body, outcome: .requestError, errorCodes: codes)
            response.retryAfter = retryAfter
            return response
        }
        body += result.errors.isEmpty ? "\"data\":" : ",\"data\":"
        body += result.data?.text ?? "null"
        if let cost { body += ",\"extensions\":" + cost.json }
        body += "}"
        var response = APIResponse(body: body, outcome: .executed, errorCodes: codes)
        response.retryAfter = retryAfter
        return response
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

    /// The client-facing message, code and extensions of an execution error.
    private static func classify(_ error: GraphQLError, log: Log, requestID: String) -> (String, APIError.Code, [String: JSONValue]) {
        if let original = error.originalError, let apiError = StorageFailure.publicError(for: original) {
            if apiError.code == .serviceUnavailable { log.internalError(original, requestID: requestID) }
            return (apiError.message, apiError.code, apiError.extensions)
        }
        if let original = error.originalError {
            log.internalError(original, requestID: requestID)
            return ("Internal server error.", .internalServerError, [:])
        }
        if let code = ExecutionResult.requestErrorCode(of: error) {
            // Raised while preparing execution: bad variable values or an unknown operation name.
            return (error.message, code, [:])
        }
        // GraphQLSwift's own field errors (a null in a non-null field) are server faults.
        log.internalError(error, requestID: requestID)
        return (error.message, .internalServerError, [:])
    }

    private static func writeError(
        message: String, locations: [SourceLocation], path: [IndexPathValue], code: String,
        extra: [String: JSONValue], to body: inout String
    ) {
        body += "{\"message\":"
        JSONWriter.writeString(message, to: &body)
        if !locations.isEmpty {
            body += ",\"locations\":["
            body += locations.map { "{\"line\":\($0.line),\"column\":\($0.column)}" }.joined(separator: ",")
            body += "]"
        }
        if !path.isEmpty {
            body += ",\"path\":["
            for (index, element) in path.enumerated() {
                if index > 0 { body += "," }
                switch element {
                case .index(let position): body += String(position)
                case .key(let key): JSONWriter.writeString(key, to: &body)
                }
            }
            body += "]"
        }
        var extensions = extra
        extensions["code"] = .string(code)
        body += ",\"extensions\":"
        JSONWriter.write(.object(extensions), to: &body)
        body += "}"
    }
}

/// An operation's computed cost and the limit, as `extensions.cost` reports them.
struct QueryCostReport: Sendable {
    /// What the operation was computed to cost.
    let requested: Int
    /// The most an operation may cost.
    let limit: Int

    /// `{"cost":{"requested":…,"limit":…}}`.
    var json: String { "{\"cost\":{\"requested\":\(requested),\"limit\":\(limit)}}" }
}
