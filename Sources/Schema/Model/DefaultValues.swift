import Domain
import GraphQL

/// Defaults of arguments and input fields as GraphQLSwift holds them (what `valueFromAST` gives
/// for the SDL's literal), from the table's text: the kinds of literal the SDL's defaults use.
enum DefaultValues {
    /// The default of `value`; nil without one. A default the table cannot state throws.
    static func value(of value: SchemaTable.InputValue, index: SchemaIndex) throws -> Map? {
        guard let text = value.defaultValue else { return nil }
        let named = index.namedType(value.type)
        switch (named?.kind, named?.name, text) {
        case (.enumeration?, _, _) where text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }): return .string(text)
        case (_, _, "true"): return .bool(true)
        case (_, _, "false"): return .bool(false)
        case (.scalar?, "Int"?, _): if let number = Int(text) { return .int(number) }
        case (.scalar?, "String"?, _): if case .string(let string)? = try? JSONParser.parse(text) { return .string(string) }
        default: break
        }
        throw APISchema.AssemblyError(description: "\(value.name): a default the table cannot state (\(text))")
    }
}
