import Domain
import Foundation

/// One GraphQL request, whatever transport brought it.
public struct APIRequest: Sendable {
    /// The GraphQL document.
    public var query: String?
    /// Variable values.
    public var variables: [String: JSONValue]
    /// The operation to run when the document has several.
    public var operationName: String?
    /// The id of a trusted document to run instead of a query text (GraphQL over HTTP's
    /// persisted documents).
    public var documentID: String?
    /// Protocol extensions (persisted queries and the like).
    public var extensions: [String: JSONValue]
    /// Request headers, names lower-cased.
    public var headers: [String: String]
    /// The client's network address, set by the transport (rate limits use it).
    public var clientAddress = "local"
    /// Whether only queries may run (HTTP GET): a mutation is refused without running.
    public var readOnly = false
    /// Whether the client accepts incremental delivery (`@defer`, `@stream`) as
    /// `multipart/mixed` parts; otherwise it gets the whole result at once.
    public var acceptsIncremental = false
    /// The files of a multipart request by their part name; each `Upload` variable holds the name
    /// of its part.
    public var uploads: [String: UploadedFile] = [:]

    /// Creates a request.
    public init(
        query: String?, variables: [String: JSONValue] = [:], operationName: String? = nil,
        extensions: [String: JSONValue] = [:], headers: [String: String] = [:]
    ) {
        self.query = query
        self.variables = variables
        self.operationName = operationName
        self.extensions = extensions
        self.headers = headers
    }

    /// Reads a request from its JSON object: `{query, variables, operationName, extensions, headers}`.
    /// A member of the wrong type is a request error, answered as a GraphQL error.
    public init(json: [String: JSONValue]) throws(APIError) {
        func optionalString(_ key: String) throws(APIError) -> String? {
            switch json[key] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            default: throw APIError(.badRequest, "\(key) must be a string.")
            }
        }
        func optionalObject(_ key: String) throws(APIError) -> [String: JSONValue] {
            switch json[key] {
            case nil, .null?: return [:]
            case .object(let members)?: return members
            default: throw APIError(.badRequest, "\(key) must be an object.")
            }
        }
        query = try optionalString("query")
        operationName = try optionalString("operationName")
        documentID = try optionalString("documentId")
        variables = try optionalObject("variables")
        extensions = try optionalObject("extensions")
        var headers: [String: String] = [:]
        for (name, value) in try optionalObject("headers") {
            guard let text = value.stringValue else { throw APIError(.badRequest, "headers must map names to strings.") }
            headers[name.lowercased()] = text
        }
        self.headers = headers
        // Scripts on this machine may say whom they act for; the first hop is the client.
        if let forwarded = headers["x-forwarded-for"]?.split(separator: ",").first {
            clientAddress = forwarded.trimmingHTTPWhitespace()
        }
    }
}
