import GraphQL
@testable import Schema
import Testing

/// The plan executor is the only executor in production: a valid operation it does not cover
/// would be an error for the client (`GraphQLEngine.uncovered`). What it covers is decided by the
/// schema, so these hold the schema to it; `DifferentialTests` then holds every operation it
/// runs to GraphQLSwift's answer.
@Suite("Plan executor coverage")
struct PlanCoverageTests {
    private static let schema = try! APISchema.make()

    @Test("every field of every object type, introspection's included, has a resolver the plan executor calls")
    func everyFieldHasAResolver() throws {
        var missing: [String] = []
        for (name, type) in Self.schema.schema.typeMap {
            guard let object = type as? GraphQLObjectType else { continue }
            for field in try object.fields().keys where Self.schema.plan.objects.all[name]?.fields[field] == nil {
                missing.append("\(name).\(field)")
            }
        }
        #expect(missing.isEmpty, "no resolver: \(missing.sorted())")
    }

    @Test("every field's completion and argument types can be made from the table (a process makes them at first use)")
    func everyFieldHasItsTypes() {
        var broken: [String] = []
        for (name, object) in Self.schema.plan.objects.all {
            for (field, info) in object.fields {
                if case .unexpected = Self.innermost(info.completion) { broken.append("\(name).\(field): completion") }
                if info.arguments == nil { broken.append("\(name).\(field): arguments") }
            }
        }
        #expect(broken.isEmpty, "\(broken.sorted())")
    }

    private static func innermost(_ completion: Completion) -> Completion {
        switch completion {
        case .nonNull(let inner), .list(let inner): innermost(inner)
        default: completion
        }
    }

    @Test("the schema has only the kinds of type the plan compiler covers (no interfaces or unions)")
    func onlyCoveredKinds() {
        let abstract = Self.schema.schema.typeMap.values.filter { $0 is GraphQLInterfaceType || $0 is GraphQLUnionType }.map(\.name)
        #expect(abstract.isEmpty, "the plan compiler does not cover \(abstract.sorted())")
    }

    @Test("every subscription field compiles, with the event as its root value")
    func subscriptionsCompile() throws {
        let subscription = try #require(Self.schema.schema.subscriptionType)
        for (name, field) in try subscription.fields() {
            let arguments = field.args.filter { $0.value.type is GraphQLNonNull }.map { "\($0.key): \"x\"" }
            let query = "subscription { \(name)\(arguments.isEmpty ? "" : "(\(arguments.joined(separator: ", ")))") { __typename } }"
            let document = try parse(source: Source(body: query))
            let operation = try #require(document.definitions.first as? OperationDefinition)
            #expect(Self.schema.validationErrors(in: document).isEmpty, "\(query)")
            #expect(Self.schema.compile(document: document, operation: operation) != nil, "\(query) does not compile")
        }
    }

    @Test("fields merged by validation compile: the same object argument written in another order")
    func mergedFieldsCompile() throws {
        let query = """
            { k: myPieces(filter: {starred: false, bookmarked: true}) { notes }
              k: myPieces(filter: {bookmarked: true, starred: false}) { notes } }
            """
        let document = try parse(source: Source(body: query))
        let operation = try #require(document.definitions.first as? OperationDefinition)
        #expect(Self.schema.validationErrors(in: document).isEmpty)
        #expect(Self.schema.compile(document: document, operation: operation) != nil, "a valid document does not compile")
        // Different values are refused before the compiler sees them.
        let differing = try parse(source: Source(body: query.replacingOccurrences(of: "bookmarked: true}", with: "bookmarked: false}")))
        #expect(!Self.schema.validationErrors(in: differing).isEmpty)
    }
}
