import Domain

/// The lengths the SDL declares for its lists with `@listSize` (the GraphQL cost directives'
/// specification), read once from the schema table for `QueryCost`.
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

    /// Declarations by `Type.field`.
    let declarations: [String: Declaration]

    /// The length taken for a list without a declaration.
    static let defaultSize = 10
    /// The most a slicing argument counts for: the largest page any list answers (the change
    /// feed's 500; a larger one is refused by the field itself, so no answer is longer).
    static let largestPage = 500

    /// Reads every `@listSize` on the object fields of the schema's table.
    init(table: SchemaTable) {
        var declarations: [String: Declaration] = [:]
        for type in table.types where type.kind == .object {
            for field in type.fields {
                guard let directive = field.directives.first(where: { $0.name == "listSize" }) else { continue }
                var declaration = Declaration()
                for argument in directive.arguments {
                    switch argument.name {
                    case "assumedSize": declaration.assumedSize = Int(argument.value)
                    case "slicingArguments": declaration.slicingArguments = Self.strings(argument.value)
                    case "sizedFields": declaration.sizedFields = Self.strings(argument.value)
                    default: continue
                    }
                }
                declarations["\(type.name).\(field.name)"] = declaration
            }
        }
        self.declarations = declarations
    }

    /// The strings of a list of string literals as GraphQL prints it (`["limit"]`), which is also JSON.
    private static func strings(_ list: String) -> [String] {
        ((try? JSONParser.parse(list))?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
