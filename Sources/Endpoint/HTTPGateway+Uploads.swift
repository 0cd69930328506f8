import Domain

extension HTTPGateway {
    /// The GraphQL request of a multipart upload, in the GraphQL multipart request format
    /// (github.com/jaydenseric/graphql-multipart-request-spec): `operations` is the request's JSON
    /// with each file variable null, `map` names, for each file part, the variable paths it fills.
    /// Each such variable then holds its part's name, and the part's bytes go with the request.
    /// Throws the message of a 400 for anything else.
    static func uploadRequest(body: [UInt8], boundary: String) throws(UploadRefusal) -> APIRequest {
        guard let parts = MultipartForm.parts(of: body, boundary: boundary) else {
            throw UploadRefusal("The multipart body is not well-formed form data.")
        }
        guard parts.count >= 2, parts[0].name == "operations", parts[1].name == "map" else {
            throw UploadRefusal("A multipart request starts with the parts operations and map.")
        }
        let operations: [String: JSONValue]
        switch try? JSONParser.parse(Array(parts[0].bytes), maxDepth: Endpoint.maxJSONDepth) {
        case .object(let members)?: operations = members
        case .array?: throw UploadRefusal("Batched operations are not served; send one operation per request.")
        default: throw UploadRefusal("The operations part must be a JSON object.")
        }
        guard case .object(let map)? = try? JSONParser.parse(Array(parts[1].bytes), maxDepth: 4) else {
            throw UploadRefusal("The map part must be a JSON object of part names to variable paths.")
        }
        var request: APIRequest
        do { request = try APIRequest(json: operations) } catch { throw UploadRefusal(error.message) }
        let files = Dictionary(parts.dropFirst(2).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, paths) in map {
            guard let file = files[name] else { throw UploadRefusal("The map names a part \(name) the request does not have.") }
            guard case .array(let paths) = paths, !paths.isEmpty else { throw UploadRefusal("The map's \(name) must list variable paths.") }
            for case let path in paths {
                guard let path = path.stringValue, path.hasPrefix("variables.") else {
                    throw UploadRefusal("The map's paths must start with variables.")
                }
                let steps = path.split(separator: ".", omittingEmptySubsequences: false).dropFirst().map(String.init)
                guard let filled = Self.fill(.object(request.variables), at: steps[...], with: .string(name)),
                      case .object(let variables) = filled
                else { throw UploadRefusal("The map's path \(path) names no null variable of the operations.") }
                request.variables = variables
            }
            request.uploads[name] = UploadedFile(filename: file.filename, contentType: file.contentType, bytes: Array(file.bytes))
        }
        return request
    }

    /// `value` with the null at `path` (object keys, array indexes) replaced by `replacement`;
    /// nil when the path does not lead to a null.
    private static func fill(_ value: JSONValue, at path: ArraySlice<String>, with replacement: JSONValue) -> JSONValue? {
        guard let step = path.first else { return value == .null ? replacement : nil }
        switch value {
        case .object(var members):
            guard let member = members[step], let filled = fill(member, at: path.dropFirst(), with: replacement) else { return nil }
            members[step] = filled
            return .object(members)
        case .array(var items):
            guard let index = Int(step), items.indices.contains(index),
                  let filled = fill(items[index], at: path.dropFirst(), with: replacement)
            else { return nil }
            items[index] = filled
            return .array(items)
        default:
            return nil
        }
    }
}

/// Why a multipart upload is not a GraphQL request (answered 400).
struct UploadRefusal: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
