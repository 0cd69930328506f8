import Foundation
import GraphQL
@testable import Schema
import Testing

@Suite("Schema")
struct SchemaTests {
    private static let sdlFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Schema/schema.graphql")

    @Test("the SDL is valid and builds with full validation")
    func validSchema() throws {
        let schema = try APISchema.make(validate: true).schema
        #expect(validateSchema(schema: schema).isEmpty)
    }

    @Test("the running schema prints exactly as schema.graphql")
    func printsIdentically() throws {
        let file = try String(contentsOf: Self.sdlFile, encoding: .utf8)
        let printed = printSchema(schema: try APISchema.make().schema)
        // The library prints no directive applied to a field but `@deprecated`; every `@listSize`
        // stands on the line its field's type ends.
        let applications = try Regex(#" @listSize\([^)\n]*\)$"#).anchorsMatchLineEndings()
        let withoutApplications = file.replacing(applications, with: "")
        #expect(withoutApplications != file, "schema.graphql applies no @listSize")
        #expect(printed + "\n" == withoutApplications, "the SDL is not in the printer's layout: compare with `printSchema` of the built schema")
        #expect(SchemaSource.sdl + "\n" == file, "the embedded SDL is stale")
    }

    @Test("every type and field has a description")
    func descriptions() throws {
        let schema = try APISchema.make().schema
        for (name, type) in schema.typeMap where !name.hasPrefix("__") && !["String", "Int", "Float", "Boolean", "ID"].contains(name) {
            switch type {
            case let object as GraphQLObjectType:
                #expect(object.description?.isEmpty == false, "\(name) has no description")
                for (field, definition) in try object.fields() {
                    #expect(definition.description?.isEmpty == false, "\(name).\(field) has no description")
                }
            case let input as GraphQLInputObjectType:
                #expect(input.description?.isEmpty == false, "\(name) has no description")
                for (field, definition) in try input.fields() {
                    #expect(definition.description?.isEmpty == false, "\(name).\(field) has no description")
                }
            case let enumeration as GraphQLEnumType:
                #expect(enumeration.description?.isEmpty == false, "\(name) has no description")
                #expect(enumeration.values.allSatisfy { $0.description?.isEmpty == false }, "\(name) has undescribed values")
            case let scalar as GraphQLScalarType:
                #expect(scalar.description?.isEmpty == false, "\(name) has no description")
            default:
                break
            }
        }
    }

    @Test("no root field falls back to the default resolver")
    func rootFieldsResolved() throws {
        let resolvers = APISchema.resolverTable().resolvers
        let schema = try APISchema.make().schema
        for root in [schema.queryType, schema.mutationType, schema.subscriptionType].compactMap({ $0 }) {
            for field in try root.fields().keys {
                #expect(resolvers[root.name]?[field] != nil, "\(root.name).\(field) has no resolver")
            }
        }
    }

    @Test("object types with resolvers have a resolver for every field")
    func completeTypes() throws {
        let resolvers = APISchema.resolverTable().resolvers
        let schema = try APISchema.make().schema
        for (typeName, fields) in resolvers {
            let type = try #require(schema.getType(name: typeName) as? GraphQLObjectType)
            #expect(Set(try type.fields().keys) == Set(fields.keys), "\(typeName) resolvers differ from its fields")
        }
    }

    @Test("the activity types are the 13 of the practice_logs table")
    func activityTypes() throws {
        let type = try #require(try APISchema.make().schema.getType(name: "ActivityType") as? GraphQLEnumType)
        #expect(type.values.map { $0.name.lowercased() }.sorted() == [
            "arpeggios", "ensemble_reading", "etudes", "memorization", "mental_practice", "repertoire", "scales",
            "score_reduction", "sight_reading", "slow_practice", "technique", "transposition", "warm_up",
        ])
    }
}

@Suite("Argument paths")
struct ArgumentPathTests {
    private static let services = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Services")

    @Test("every domain field the services name in a validation error has an argument in the SDL")
    func servicesNameSchemaFields() throws {
        let paths = ArgumentPaths(index: try APISchema.make().index)
        var named: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(at: Self.services, includingPropertiesForKeys: nil)
            + (try FileManager.default.contentsOfDirectory(at: Self.services.appendingPathComponent("Progress"), includingPropertiesForKeys: nil))
        // The export files validate paths inside an imported document, not arguments.
        where file.pathExtension == "swift" && !file.lastPathComponent.hasPrefix("UserService+Export") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /(?:invalid|check|checkText)\("([A-Za-z.]+)"/) { named.insert(String(match.1)) }
        }
        #expect(named.count >= 25, "the scan found \(named.count) names")
        for name in named.sorted() {
            #expect(paths.isKnown(name), "\(name) is no argument or input field of any Query or Mutation field")
        }
    }

    @Test("input fields go under input., arguments stay as they are, unknown names are left alone")
    func mapping() throws {
        let paths = ArgumentPaths(index: try APISchema.make().index)
        #expect(paths.path(of: "sessionId", in: "createPracticeLog") == "input.sessionId")
        #expect(paths.path(of: "preferences.timeZone", in: "updateUser") == "input.preferences.timeZone")
        #expect(paths.path(of: "limit", in: "listSheetMusic") == "limit")
        #expect(paths.path(of: "nonsense", in: "createPracticeLog") == nil)
    }
}
