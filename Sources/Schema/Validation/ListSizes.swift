import Domain

/// The lengths the SDL declares for its lists with `@listSize` (the GraphQL cost directives'
/// specification), for `QueryCost`. Each field's is read from the schema table when the cost
/// walk reaches the field: reading all of them at start was 0.27 M instructions of a process
/// that answers one request, and the walk reaches a handful.
struct ListSizes: Sendable {
    /// One field's declaration.
    struct Declaration: Sendable, Equatable {
        /// The length when no slicing argument is given.
        var assumedSize: Int?
        /// The arguments that set the length.
        var slicingArguments: [String] = []
        /// The list fields of the returned object the length applies to (else the field itself).
        var sizedFields: [String] = []
    }

    let table: SchemaTable

    /// The length taken for a list without a declaration.
    static let defaultSize = 10
    /// The most a slicing argument counts for: the largest page any list answers (the change
    /// feed's 500; a larger one is refused by the field itself, so no answer is longer).
    static let largestPage = 500

    init(table: SchemaTable) {
        self.table = table
    }

    /// Every declaration on the object fields of the table, by `Type.field`.
    var declarations: [String: Declaration] {
        var declarations: [String: Declaration] = [:]
        for type in table.types {
            for field in type.fields {
                if let declaration = Self.declaration(of: field, on: type) {
                    declarations["\(type.name).\(field.name)"] = declaration
                }
            }
        }
        return declarations
    }

    /// The `@listSize` of a field of an object type; nil for a field without one, or of another kind of type.
    static func declaration(of field: SchemaTable.Field, on type: SchemaTable.NamedType) -> Declaration? {
        guard type.kind == .object, let directive = field.directives.first(where: { $0.name == "listSize" }) else { return nil }
        var declaration = Declaration()
        for argument in directive.arguments {
            switch argument.name {
            case "assumedSize": declaration.assumedSize = Int(argument.value)
            case "slicingArguments": declaration.slicingArguments = strings(argument.value)
            case "sizedFields": declaration.sizedFields = strings(argument.value)
            default: continue
            }
        }
        return declaration
    }

    /// The strings of a list of string literals as GraphQL prints it (`["limit"]`), which is also JSON.
    private static func strings(_ list: String) -> [String] {
        ((try? JSONParser.parse(list))?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
