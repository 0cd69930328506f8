import Domain
import Foundation

/// The allow-list of trusted documents (`MIRUBATO_TRUSTED_DOCUMENTS=PATH`), read once at start-up
/// from the manifest the client tools write: Apollo's persisted-query manifest
/// (`{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{id, name, type, body}]}`)
/// or GraphQL Code Generator's client-preset `persisted-documents.json` (`{"<hash>": "<body>"}`).
/// With one loaded, only its documents run: by id, or by their exact text.
public struct TrustedDocuments: Sendable {
    /// Document text by id.
    let bodies: [String: String]
    /// Ids by SHA-256 (hex) of the text, so a client that sends the text is recognised too.
    let idsByHash: [String: String]

    /// Why a manifest cannot be used; start-up stops with this line.
    public struct Invalid: Error, CustomStringConvertible {
        /// What is wrong, with the path.
        public let description: String
    }

    /// Reads the manifest at `path`.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(description: "MIRUBATO_TRUSTED_DOCUMENTS: cannot read \(path)")
        }
        guard let json = try? JSONParser.parse(Array(data)) else {
            throw Invalid(description: "MIRUBATO_TRUSTED_DOCUMENTS: \(path) is not JSON")
        }
        try self.init(manifest: json, path: path)
    }

    /// Reads a parsed manifest (`path` names it in errors).
    init(manifest json: JSONValue, path: String) throws {
        var bodies: [String: String] = [:]
        if json["format"]?.stringValue == "apollo-persisted-query-manifest" {
            guard json["version"]?.integerValue == 1, let operations = json["operations"]?.arrayValue else {
                throw Invalid(description: "MIRUBATO_TRUSTED_DOCUMENTS: \(path) is not a version 1 Apollo manifest")
            }
            for operation in operations {
                guard let id = operation["id"]?.stringValue, let body = operation["body"]?.stringValue else {
                    throw Invalid(description: "MIRUBATO_TRUSTED_DOCUMENTS: every operation of \(path) needs an id and a body")
                }
                bodies[id] = body
            }
        } else if case .object(let members) = json {
            for (id, body) in members {
                guard let text = body.stringValue else {
                    throw Invalid(description: "MIRUBATO_TRUSTED_DOCUMENTS: \(path) must map ids to document texts")
                }
                bodies[id] = text
            }
        } else {
            throw Invalid(description: "MIRUBATO_TRUSTED_DOCUMENTS: \(path) is neither an Apollo manifest nor a persisted-documents map")
        }
        self.bodies = bodies
        idsByHash = Dictionary(bodies.map { (SHA256.hex($0.value), $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    /// The text a request runs: the trusted document it names (`documentId`, or
    /// `extensions.persistedQuery.sha256Hash`), or the text it sends when that text is trusted.
    func resolve(query: String?, documentID: String?, extensions: [String: JSONValue]) throws(APIError) -> String {
        let hash = extensions["persistedQuery"]?["sha256Hash"]?.stringValue
        if let query, !query.isEmpty {
            guard idsByHash[SHA256.hex(query)] != nil else {
                if hash != nil {
                    throw APIError(.persistedQueryNotSupported, "PersistedQueryNotSupported: this server runs trusted documents only.")
                }
                throw APIError(.operationNotAllowlisted, "This server runs trusted documents only, and this one is not among them.")
            }
            return query
        }
        guard let id = documentID ?? hash else {
            throw APIError(.badRequest, "The request has no query and names no trusted document.")
        }
        // Code Generator and Apollo ids are the document's SHA-256; a manifest may key by its own id.
        guard let body = bodies[id] ?? idsByHash[id].flatMap({ bodies[$0] }) else {
            throw APIError(.persistedQueryNotFound, "PersistedQueryNotFound")
        }
        return body
    }
}
