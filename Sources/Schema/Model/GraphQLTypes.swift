import Domain
import Foundation
import GraphQL
import OrderedCollections

/// GraphQLSwift's type objects for the table's named types, each made at its first use, for the
/// test oracle's schema (`graphQLSchema(types:)`): a process never makes them (the plan executor
/// has its own input and leaf types, `PlanTypes`). Fields of objects and input objects are made
/// lazily too, so types can refer to any type, their own included. Built-in scalars are
/// GraphQLSwift's own; an interface, a union or a default the table cannot state fails.
final class GraphQLTypes: @unchecked Sendable {
    private let index: SchemaIndex
    /// Guards `made`: a test's oracle may run beside other tests.
    private let lock = NSRecursiveLock()
    private var made: [String: GraphQLNamedType] = [
        "String": GraphQLString, "Int": GraphQLInt, "Float": GraphQLFloat, "Boolean": GraphQLBoolean, "ID": GraphQLID,
    ]

    init(_ index: SchemaIndex) {
        self.index = index
    }

    /// The named type called `name`, made now if it was not yet.
    func named(_ name: String) throws -> GraphQLNamedType {
        lock.lock()
        defer { lock.unlock() }
        if let type = made[name] { return type }
        guard let definition = index.type(named: name) else { throw APISchema.AssemblyError(description: "unknown type \(name)") }
        let type = try shell(of: definition)
        made[name] = type
        return type
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
                        type: fieldType, defaultValue: try DefaultValues.value(of: field, index: self.index), description: field.description,
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
                type: type, description: value.description, defaultValue: try DefaultValues.value(of: value, index: index),
                deprecationReason: value.deprecationReason)
        }
        return arguments
    }
}
