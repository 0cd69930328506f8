import Domain
import GraphQL

/// Where the domain fields that services name in `BAD_USER_INPUT` errors sit among a root
/// field's arguments. Services speak the domain (`sessionId`, `preferences.timeZone`); the
/// client's `extensions.field` names the argument path (`input.sessionId`). It is read from the
/// SDL's table when an error asks, not up front (a table of every root field was 0.46 M
/// instructions of each process that answers one request, which mostly raises no such error),
/// so a renamed argument moves with it, and a test checks that every domain field the services
/// name has a place in the schema.
struct ArgumentPaths: Sendable {
    private let index: SchemaIndex

    /// The paths of the schema's `Query` and `Mutation` fields.
    init(index: SchemaIndex) {
        self.index = index
    }

    /// The argument path of `domainPath` in `rootField`: as it is when it starts with one of the
    /// field's arguments, under `input.` when it starts with a field of the `input` argument,
    /// else unchanged (nil when it has no place in this field). A name on both roots is the
    /// mutation's.
    func path(of domainPath: String, in rootField: String) -> String? {
        let roots = [index.rootType(of: .mutation), index.rootType(of: .query)].compactMap { $0 }
        guard let field = roots.lazy.compactMap({ self.index.field(named: rootField, on: $0) }).first else { return nil }
        let head = String(domainPath.prefix { $0 != "." })
        if field.arguments.contains(where: { $0.name == head }) { return domainPath }
        if let input = field.arguments.first(where: { $0.name == "input" }), let type = index.namedType(input.type),
           type.kind == .inputObject, type.inputFields.contains(where: { $0.name == head }) {
            return "input." + domainPath
        }
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
        [index.rootType(of: .query), index.rootType(of: .mutation)].compactMap { $0 }
            .contains { root in root.fields.contains { path(of: domainPath, in: $0.name) != nil } }
    }
}
