import Domain
import Foundation
import GraphQL
import OrderedCollections

/// GraphQLSwift's type objects for the table's named types, each made at its first use: the
/// plan executor completes leaves through their `serialize` and coerces inputs through them, so a
/// process makes only the scalars, enums and input objects its fields use, and never a
/// `GraphQLSchema` (the test oracle's is made over the same objects, `graphQLSchema(types:)`).
/// Fields of objects and input objects are made lazily too, so types can refer to any type,
/// their own included. Built-in scalars are GraphQLSwift's own; an interface, a union or a
/// default the table cannot state fails.
final class GraphQLTypes: @unchecked Sendable {
    private let table: [String: SchemaTable.NamedType]
    /// Guards `made`: a worker thread may ask for a variable's type while another runs.
    private let lock = NSRecursiveLock()
    private var made: [String: GraphQLNamedType] = [
        "String": GraphQLString, "Int": GraphQLInt, "Float": GraphQLFloat, "Boolean": GraphQLBoolean, "ID": GraphQLID,
    ]

    /// One writer per leaf type, shared by every field of that type.
    private var leafWriters: [String: LeafWriter] = [:]

    init(_ table: SchemaTable) {
        self.table = Dictionary(table.types.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The named type called `name`, made now if it was not yet.
    func named(_ name: String) throws -> GraphQLNamedType {
        lock.lock()
        defer { lock.unlock() }
        if let type = made[name] { return type }
        guard let definition = table[name] else { throw APISchema.AssemblyError(description: "unknown type \(name)") }
        let type = try shell(of: definition)
        made[name] = type
        return type
    }

    /// The writer of a scalar's or enum's values; nil for any other type.
    func leafWriter(_ name: String) -> LeafWriter? {
        lock.lock()
        defer { lock.unlock() }
        if let writer = leafWriters[name] { return writer }
        guard let leaf = try? named(name) as? GraphQLLeafType else { return nil }
        let writer = LeafWriter(leaf)
        leafWriters[name] = writer
        return writer
    }

    func type(_ reference: SchemaTable.TypeReference) throws -> GraphQLType {
        switch reference {
        case .named(let name): return try named(name)
        case .list(let inner): return GraphQLList(try type(inner))
        case .nonNull(let inner):
            guard let nullable = try type(inner) as? GraphQLNullableType else { throw APISchema.AssemblyError(description: "non-null of non-null") }
            return GraphQLNonNull(nullable)
        }
    }

    func input(_ reference: SchemaTable.TypeReference) throws -> GraphQLInputType {
        guard let type = try type(reference) as? GraphQLInputType else { throw APISchema.AssemblyError(description: "\(reference) is not an input type") }
        return type
    }

    func output(_ reference: SchemaTable.TypeReference) throws -> GraphQLOutputType {
        guard let type = try type(reference) as? GraphQLOutputType else { throw APISchema.AssemblyError(description: "\(reference) is not an output type") }
        return type
    }

    /// The input type a written type (a variable's) names; nil when it names an unknown or no input type.
    func input(_ written: GraphQL.`Type`) -> GraphQLInputType? {
        switch written {
        case let named as NamedType: try? self.named(named.name.value) as? GraphQLInputType
        case let list as ListType: input(list.type).map { GraphQLList($0) }
        case let nonNull as NonNullType: (input(nonNull.type) as? GraphQLNullableType).map { GraphQLNonNull($0) }
        default: nil
        }
    }

    private func shell(of type: SchemaTable.NamedType) throws -> GraphQLNamedType {
        switch type.kind {
        case .scalar:
            return try GraphQLScalarType(name: type.name, description: type.description, specifiedByURL: type.specifiedByURL)
        case .enumeration:
            var values = GraphQLEnumValueMap()
            for value in type.enumValues {
                values[value.name] = GraphQLEnumValue(value: .string(value.name), description: value.description, deprecationReason: value.deprecationReason)
            }
            return try GraphQLEnumType(name: type.name, description: type.description, values: values)
        case .inputObject:
            let fields = Once<InputObjectFieldMap> {
                var fields = InputObjectFieldMap()
                for field in type.inputFields {
                    let fieldType = try self.input(field.type)
                    fields[field.name] = InputObjectField(
                        type: fieldType, defaultValue: try Self.defaultValue(field, type: fieldType), description: field.description,
                        deprecationReason: field.deprecationReason)
                }
                return fields
            }
            return try GraphQLInputObjectType(name: type.name, description: type.description, fields: fields.value, isOneOf: type.isOneOf)
        case .object:
            let fields = Once<GraphQLFieldMap> {
                var fields = GraphQLFieldMap()
                for field in type.fields {
                    fields[field.name] = GraphQLField(
                        type: try self.output(field.type), description: field.description, deprecationReason: field.deprecationReason,
                        args: try self.arguments(field.arguments))
                }
                return fields
            }
            return try GraphQLObjectType(name: type.name, description: type.description, fields: fields.value)
        case .interface, .union:
            throw APISchema.AssemblyError(description: "\(type.name): the plan executor covers no \(type.kind.rawValue)")
        }
    }

    /// Arguments as GraphQLSwift defines them.
    func arguments(_ values: [SchemaTable.InputValue]) throws -> GraphQLArgumentConfigMap {
        var arguments = GraphQLArgumentConfigMap()
        for value in values {
            let type = try input(value.type)
            arguments[value.name] = GraphQLArgument(
                type: type, description: value.description, defaultValue: try Self.defaultValue(value, type: type),
                deprecationReason: value.deprecationReason)
        }
        return arguments
    }

    /// A default's value as GraphQLSwift holds it (what `valueFromAST` gives for the literal): the
    /// kinds of literal the SDL's defaults use.
    static func defaultValue(_ value: SchemaTable.InputValue, type: GraphQLInputType) throws -> Map? {
        guard let text = value.defaultValue else { return nil }
        switch (getNamedType(type: type), text) {
        case (is GraphQLEnumType, _) where text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }: return .string(text)
        case (_, "true"): return .bool(true)
        case (_, "false"): return .bool(false)
        case (let scalar as GraphQLScalarType, _) where scalar.name == "Int": if let number = Int(text) { return .int(number) }
        case (let scalar as GraphQLScalarType, _) where scalar.name == "String":
            if case .string(let string)? = try? JSONParser.parse(text) { return .string(string) }
        default: break
        }
        throw APISchema.AssemblyError(description: "\(value.name): a default the table cannot state (\(text))")
    }
}
