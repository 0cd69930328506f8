import Domain
import GraphQL

/// Where the domain fields that services name in `BAD_USER_INPUT` errors sit among a root
/// field's arguments. Services speak the domain (`sessionId`, `preferences.timeZone`); the
/// client's `extensions.field` names the argument path (`input.sessionId`). The table is read
/// from the SDL when the schema is built, so a renamed argument moves with it, and a test checks
/// that every domain field the services name has a place in the schema.
struct ArgumentPaths: Sendable {
    /// Per root field: its argument names.
    private let arguments: [String: Set<String>]
    /// Per root field with an `input` argument: the fields of that input type.
    private let inputFields: [String: Set<String>]

    /// The table of the schema's `Query` and `Mutation` fields.
    init(index: SchemaIndex) {
        var arguments: [String: Set<String>] = [:]
        var inputFields: [String: Set<String>] = [:]
        for root in [index.rootType(of: .query), index.rootType(of: .mutation)].compactMap({ $0 }) {
            for field in root.fields {
                arguments[field.name] = Set(field.arguments.map(\.name))
                if let input = field.arguments.first(where: { $0.name == "input" }), let type = index.namedType(input.type),
                    type.kind == .inputObject {
                    inputFields[field.name] = Set(type.inputFields.map(\.name))
                }
            }
        }
        self.arguments = arguments
        self.inputFields = inputFields
    }

    /// The argument path of `domainPath` in `rootField`: as it is when it starts with one of the
    /// field's arguments, under `input.` when it starts with a field of the `input` argument,
    /// else unchanged (nil when it has no place in this field).
    func path(of domainPath: String, in rootField: String) -> String? {
        let head = String(domainPath.prefix { $0 != "." })
        if arguments[rootField]?.contains(head) == true { return domainPath }
        if inputFields[rootField]?.contains(head) == true { return "input." + domainPath }
        return nil
    }

    /// The error with its domain field named by its argument path in `rootField`.
    func relocated(_ error: APIError, in rootField: String) -> APIError {
        guard case .string(let field)? = error.extensions["field"], let path = path(of: field, in: rootField), path != field
        else { return error }
        var extensions = error.extensions
        extensions["field"] = .string(path)
        return APIError(error.code, error.message, extensions: extensions)
    }

    /// Whether any root field has a place for `domainPath` (what the SDL test checks).
    func isKnown(_ domainPath: String) -> Bool {
        arguments.keys.contains { path(of: domainPath, in: $0) != nil }
    }
}
