import GraphQL

/// The lengths the SDL declares for its lists with `@listSize` (the GraphQL cost directives'
/// specification), read once from the built schema for `QueryCost`.
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

    /// Reads every `@listSize` on the schema's object fields.
    init(schema: GraphQLSchema) {
        var declarations: [String: Declaration] = [:]
        for (typeName, type) in schema.typeMap {
            guard let object = type as? GraphQLObjectType, let fields = try? object.fields() else { continue }
            for (fieldName, field) in fields {
                guard let directive = field.astNode?.directives.first(where: { $0.name.value == "listSize" }) else { continue }
                var declaration = Declaration()
                for argument in directive.arguments {
                    switch (argument.name.value, argument.value) {
                    case ("assumedSize", let value as IntValue): declaration.assumedSize = Int(value.value)
                    case ("slicingArguments", let value as ListValue): declaration.slicingArguments = Self.strings(value)
                    case ("sizedFields", let value as ListValue): declaration.sizedFields = Self.strings(value)
                    default: continue
                    }
                }
                declarations["\(typeName).\(fieldName)"] = declaration
            }
        }
        self.declarations = declarations
    }

    private static func strings(_ list: ListValue) -> [String] {
        list.values.compactMap { ($0 as? StringValue)?.value }
    }
}
