import Foundation
import GraphQL
import Testing

@testable import Schema

/// The schema table written at build time (`SchemaTable.generated`) against the schema
/// GraphQLSwift builds from the same SDL at test time: what the table says of every type, field,
/// argument, input field and enum value is what the SDL says.
@Suite("Schema table")
struct SchemaTableTests {
    @Test("every type, field, argument, input field and enum value is the SDL's, in its order")
    func matchesTheSDL() throws {
        let schema = try buildSchema(source: SchemaSource.sdl)
        let table = SchemaTable.generated
        let byName = Dictionary(uniqueKeysWithValues: table.types.map { ($0.name, $0) })
        var compared = 0
        for (name, type) in schema.typeMap where !name.hasPrefix("__") {
            let entry = try #require(byName[name], "\(name) is missing from the table")
            // Built-in scalars are described in graphql-js's words, which introspection answers with.
            if table.listed.contains(name) { #expect(entry.description == Self.description(of: type), "\(name)") }
            switch type {
            case let object as GraphQLObjectType:
                #expect(entry.kind == .object)
                let fields = try object.fields()
                #expect(entry.fields.map(\.name) == Array(fields.keys), "\(name)")
                for (field, entryField) in zip(fields.values, entry.fields) {
                    #expect(Self.text(entryField.type) == field.type.debugDescription, "\(name).\(entryField.name)")
                    #expect(entryField.description == field.description && entryField.deprecationReason == field.deprecationReason)
                    #expect(
                        entryField.arguments.map(InputSummary.init) == field.args.map {
                            InputSummary($0.key, $0.value.type, $0.value.defaultValue, $0.value.description, $0.value.deprecationReason)
                        }, "\(name).\(entryField.name)")
                    compared += 1
                }
                #expect(entry.interfaces == (try object.interfaces().map(\.name)))
            case let input as GraphQLInputObjectType:
                #expect(entry.kind == .inputObject)
                let fields = try input.fields()
                #expect(
                    entry.inputFields.map(InputSummary.init) == fields.map {
                        InputSummary($0.key, $0.value.type, $0.value.defaultValue, $0.value.description, $0.value.deprecationReason)
                    }, "\(name)")
                compared += fields.count
            case let enumeration as GraphQLEnumType:
                #expect(entry.kind == .enumeration)
                #expect(entry.enumValues.map(\.name) == enumeration.values.map(\.name), "\(name)")
                #expect(entry.enumValues.map(\.deprecationReason) == enumeration.values.map(\.deprecationReason), "\(name)")
            case is GraphQLScalarType:
                #expect(entry.kind == .scalar)
            default:
                Issue.record("\(name): a kind the API does not use")
            }
        }
        #expect(compared > 300)
        #expect(table.queryType == "Query" && table.mutationType == "Mutation" && table.subscriptionType == "Subscription")
        #expect(table.listed.count == Set(table.listed).count)
        let listSize = try #require(table.types.first { $0.name == "Query" }?.fields.first { $0.name == "listSheetMusic" }?.directives.first)
        #expect(listSize.name == "listSize")
    }

    @Test("the generator refuses an SDL that names an unknown type, so the build fails instead of a request")
    func generatorRefusesUnknownTypes() throws {
        let tool = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "SchemaCodegen")
        try #require(FileManager.default.isExecutableFile(atPath: tool.path), "\(tool.path)")
        let folder = FileManager.default.temporaryDirectory.appending(path: "schema-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func run(_ sdl: String) throws -> (status: Int32, message: String) {
            try sdl.write(to: folder.appending(path: "schema.graphql"), atomically: true, encoding: .utf8)
            try "scalar String".write(to: folder.appending(path: "builtins.graphql"), atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = tool
            process.arguments = ["schema.graphql", "builtins.graphql", "out.swift"].map { folder.appending(path: $0).path }
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        #expect(try run("type Query { name: String }").status == 0)
        let field = try run("type Query { name: Missing }")
        #expect(field.status == 1 && field.message.contains("unknown type Missing"), "\(field)")
        let argument = try run("type Query { name(first: Nowhere): String }")
        #expect(argument.status == 1 && argument.message.contains("unknown type Nowhere"), "\(argument)")
    }

    /// What the table and GraphQLSwift both say of an argument or input field: its name, its type
    /// as GraphQLSwift prints it, whether it has a default, its description and deprecation.
    struct InputSummary: Equatable {
        let name: String, type: String, hasDefault: Bool, description: String?, deprecationReason: String?

        init(_ value: SchemaTable.InputValue) {
            self.init(name: value.name, type: SchemaTableTests.text(value.type), hasDefault: value.defaultValue != nil,
                      description: value.description, deprecationReason: value.deprecationReason)
        }

        init(_ name: String, _ type: GraphQLInputType, _ defaultValue: Map?, _ description: String?, _ deprecationReason: String?) {
            self.init(name: name, type: type.debugDescription, hasDefault: defaultValue != nil, description: description,
                      deprecationReason: deprecationReason)
        }

        init(name: String, type: String, hasDefault: Bool, description: String?, deprecationReason: String?) {
            self.name = name
            self.type = type
            self.hasDefault = hasDefault
            self.description = description
            self.deprecationReason = deprecationReason
        }
    }

    /// A table's type reference as GraphQLSwift prints a type (`[String!]!`).
    static func text(_ type: SchemaTable.TypeReference) -> String {
        switch type {
        case .named(let name): name
        case .list(let inner): "[\(text(inner))]"
        case .nonNull(let inner): text(inner) + "!"
        }
    }

    static func description(of type: GraphQLNamedType) -> String? {
        switch type {
        case let object as GraphQLObjectType: object.description
        case let input as GraphQLInputObjectType: input.description
        case let enumeration as GraphQLEnumType: enumeration.description
        case let scalar as GraphQLScalarType: scalar.description
        default: nil
        }
    }
}
