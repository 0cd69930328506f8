import Domain
import GraphQL

/// Random but valid-looking operations over the real schema, for the differential test: nested
/// selections, aliases, repeated fields, named and inline fragments, `@skip`/`@include` with
/// literals and variables, arguments as literals or variables (sometimes out of range, so
/// resolvers fail), and mutations. Deterministic for a seed.
struct QueryGenerator {
    /// Root fields left out: they end the signed-in session, spend sign-in tokens, or draw from
    /// the random source in an order the library's concurrent executor does not fix.
    static let excluded: Set<String> = [
        "logout", "deleteAccount", "verifyMagicLink", "refreshToken", "requestMagicLink", "randomSheetMusic", "exportMyData",
    ]
    private static let ids = ["EzcWMdkoy6K28pdjjJ4YI", "nope", "sessionAAAAAAAAAAAAAA", "goalAAAAAAAAAAAAAAAAA", ""]
    private static let strings = ["", "Bach", "' OR 1=1 --", "Für Elise", "a\nb"]
    private static let integers = [0, 1, 3, 20, -1, 100, 500, 2_147_483_647]
    private static let floats = [0.5, 90, 101.5, -3]
    private static let days = ["from": ["2025-12-01", "2026-01-10"], "to": ["2026-01-15", "2026-02-01"]]
    private static let dates = ["2026-01-15T09:00:00Z", "2030-01-01T00:00:00.000Z", "2026-01-14T18:30:00Z", "2020-02-30T00:00:00Z"]

    private var random: FuzzRandom
    private let schema: GraphQLSchema
    private var variables: [(name: String, type: String, value: JSONValue)] = []
    private var fragments: [String] = []

    /// A generator over a schema.
    init(schema: GraphQLSchema, seed: UInt64) {
        self.schema = schema
        random = FuzzRandom(seed: seed)
    }

    /// The next request: `{query, variables}`.
    mutating func request() throws -> JSONValue {
        variables = []
        fragments = []
        let mutation = random.below(10) < 3
        guard let root = mutation ? schema.mutationType : schema.queryType else { return .object([:]) }
        let body = try selection(of: root, depth: 0, roots: true)
        let declared = variables.isEmpty ? "" : "(" + variables.map { "$\($0.name): \($0.type)" }.joined(separator: ", ") + ")"
        let query = (mutation ? "mutation" : "query") + " Generated\(declared) { \(body) }" + fragments.map { " " + $0 }.joined()
        return .object([
            "query": .string(query),
            "variables": .object(Dictionary(variables.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })),
        ])
    }

    private mutating func selection(of type: GraphQLObjectType, depth: Int, roots: Bool = false) throws -> String {
        let fields = try type.fields().filter { !Self.excluded.contains($0.key) }
        var parts: [String] = []
        for _ in 0...random.below(roots ? 2 : 4) {
            let (name, field) = fields.elements[random.below(fields.count)]
            parts.append(try self.field(name, field, depth: depth))
        }
        if random.below(6) == 0 { parts.append("__typename") }
        switch random.below(10) {
        case 0: return "... on \(type.name) { \(parts.joined(separator: " ")) }"
        case 1:
            let name = "F\(fragments.count)_\(depth)"
            fragments.append("fragment \(name) on \(type.name) { \(parts.joined(separator: " ")) }")
            return "...\(name) " + (random.below(2) == 0 ? parts[0] : "")
        case 2: return "... \(directive()) { \(parts.joined(separator: " ")) }"
        default: return parts.joined(separator: " ")
        }
    }

    private mutating func field(_ name: String, _ field: GraphQLField, depth: Int) throws -> String {
        var text = random.below(5) == 0 ? "a\(random.below(3)): \(name)" : name
        var arguments: [String] = []
        for (argument, definition) in field.args where definition.type is GraphQLNonNull || random.below(2) == 0 {
            // A range's ends are local dates (`myStatistics`); random strings would refuse nearly every one.
            if let days = Self.days[argument], Self.named(definition.type)?.name == "String", random.below(10) > 0 {
                arguments.append("\(argument): \(JSONWriter.string(.string(days[random.below(days.count)])))")
                continue
            }
            arguments.append("\(argument): \(try value(definition.type))")
        }
        if !arguments.isEmpty { text += "(" + arguments.joined(separator: ", ") + ")" }
        if random.below(10) == 0 { text += " " + directive() }
        if let object = Self.named(field.type) as? GraphQLObjectType {
            text += depth < 3 ? " { \(try selection(of: object, depth: depth + 1)) }" : " { __typename }"
        }
        return text
    }

    private mutating func directive() -> String {
        let name = random.below(2) == 0 ? "skip" : "include"
        if random.below(2) == 0 { return "@\(name)(if: \(random.below(2) == 0))" }
        let variable = "b\(variables.count)"
        variables.append((variable, "Boolean!", .bool(random.below(2) == 0)))
        return "@\(name)(if: $\(variable))"
    }

    /// An argument: a literal, or a variable declared with the argument's type.
    private mutating func value(_ type: GraphQLInputType) throws -> String {
        let (literal, json) = try generated(type)
        guard random.below(3) == 0 else { return literal }
        let variable = "v\(variables.count)"
        variables.append((variable, Self.typeName(type), json))
        return "$\(variable)"
    }

    private mutating func generated(_ type: GraphQLType) throws -> (literal: String, json: JSONValue) {
        if let nonNull = type as? GraphQLNonNull { return try generated(nonNull.ofType, nullable: false) }
        return try generated(type, nullable: true)
    }

    private mutating func generated(_ type: GraphQLType, nullable: Bool) throws -> (literal: String, json: JSONValue) {
        if nullable, random.below(10) == 0 { return ("null", .null) }
        switch type {
        case let list as GraphQLList:
            var items: [(String, JSONValue)] = []
            for _ in 0..<random.below(3) { items.append(try generated(list.ofType)) }
            return ("[" + items.map(\.0).joined(separator: ", ") + "]", .array(items.map(\.1)))
        case let object as GraphQLInputObjectType:
            var members: [(String, String, JSONValue)] = []
            for (name, field) in try object.fields() where field.type is GraphQLNonNull || random.below(2) == 0 {
                let (literal, json) = try generated(field.type)
                members.append((name, literal, json))
            }
            return ("{" + members.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}",
                    .object(Dictionary(members.map { ($0.0, $0.2) }, uniquingKeysWith: { first, _ in first })))
        case let enumeration as GraphQLEnumType:
            let name = enumeration.values[random.below(enumeration.values.count)].name
            return (name, .string(name))
        case let scalar as GraphQLScalarType:
            return scalarValue(scalar.name)
        default:
            return ("null", .null)
        }
    }

    private mutating func scalarValue(_ name: String) -> (literal: String, json: JSONValue) {
        func text(_ value: String) -> (String, JSONValue) { (JSONWriter.string(.string(value)), .string(value)) }
        switch name {
        case "Int":
            let value = Self.integers[random.below(Self.integers.count)]
            return ("\(value)", .integer(Int64(value)))
        case "Float":
            let value = Self.floats[random.below(Self.floats.count)]
            return ("\(value)", .double(value))
        case "Boolean":
            let value = random.below(2) == 0
            return ("\(value)", .bool(value))
        case "ID": return text(Self.ids[random.below(Self.ids.count)])
        case "DateTime": return text(Self.dates[random.below(Self.dates.count)])
        case "JSON": return ("{metronome: true}", .object(["metronome": .bool(true)]))
        default: return text(Self.strings[random.below(Self.strings.count)])
        }
    }

    /// A type as written in a variable definition.
    static func typeName(_ type: GraphQLType) -> String {
        switch type {
        case let nonNull as GraphQLNonNull: return typeName(nonNull.ofType) + "!"
        case let list as GraphQLList: return "[" + typeName(list.ofType) + "]"
        case let named as GraphQLNamedType: return named.name
        default: return "String"
        }
    }

    private static func named(_ type: GraphQLType) -> GraphQLNamedType? {
        switch type {
        case let nonNull as GraphQLNonNull: return named(nonNull.ofType)
        case let list as GraphQLList: return named(list.ofType)
        default: return type as? GraphQLNamedType
        }
    }
}
