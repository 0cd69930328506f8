import Foundation
import GraphQL
@testable import Schema
import Testing

/// The cost model follows the SDL's `@listSize` declarations: the estimate is an upper bound of
/// what an answer can hold, and the limit admits every operation the app sends and any page of
/// 100 with every field.
@Suite("Query cost")
struct QueryCostTests {
    private static let schema = Result { try APISchema.make() }
    private static let appOperations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("web/app/operations")
    /// The default `MIRUBATO_MAX_COST` (`Configuration.maxCost`), which these cases must fit.
    private static let limit = 300_000

    private func cost(_ query: String, variables: [String: Map] = [:]) throws -> Int {
        let api = try Self.schema.get()
        let document = try parse(source: Source(body: query))
        let operation = try #require(document.definitions.compactMap { $0 as? OperationDefinition }.first)
        return api.cost(of: operation, in: document, variables: variables)
    }

    @Test("every @listSize names arguments and fields that exist, on every list of objects there is a size")
    func declarationsAreSound() throws {
        let api = try Self.schema.get()
        #expect(api.listSizes.declarations.count >= 20)
        for (key, declaration) in api.listSizes.declarations {
            let parts = key.split(separator: ".").map(String.init)
            let type = try #require(api.schema.getType(name: parts[0]) as? GraphQLObjectType)
            let field = try #require(try type.fields()[parts[1]])
            for argument in declaration.slicingArguments {
                #expect(field.args[argument] != nil, "\(key) slices by \(argument), which it does not take")
            }
            var returned: GraphQLType = field.type
            if let nonNull = returned as? GraphQLNonNull { returned = nonNull.ofType }
            if !declaration.sizedFields.isEmpty {
                let object = try #require(returned as? GraphQLObjectType, "\(key) has sizedFields but returns no object")
                for sized in declaration.sizedFields {
                    #expect(try object.fields()[sized] != nil, "\(key) sizes \(sized), which \(object.name) lacks")
                }
            } else {
                #expect(returned is GraphQLList, "\(key) declares a size but returns no list")
            }
            #expect(declaration.assumedSize != nil, "\(key) has no assumed size for when no slicing argument is given")
        }
    }

    @Test("a connection's size multiplies its edges, not its totalCount; the limit argument sets it")
    func connections() throws {
        let one = try cost("{ listSheetMusic(limit: 1) { totalCount edges { node { id } } } }")
        let hundred = try cost("{ listSheetMusic(limit: 100) { totalCount edges { node { id } } } }")
        // listSheetMusic + totalCount + edges + n × (node + id)
        #expect(one == 3 + 2 && hundred == 3 + 200)
        #expect(try cost("query($n: Int) { listSheetMusic(limit: $n) { edges { node { id } } } }", variables: ["n": 50]) == 2 + 100)
        // No limit: the declared assumed size (the default page), 20.
        #expect(try cost("{ listSheetMusic { edges { node { id } } } }") == 2 + 40)
        // A limit past the largest page (the change feed's 500) counts as 500: the field refuses it anyway.
        #expect(try cost("{ listSheetMusic(limit: 5000) { edges { node { id } } } }") == 2 + 1000)
        #expect(try cost("{ changes(limit: 500) { changes { id } } }") == 2 + 500)
        // Through a fragment, the same.
        #expect(try cost("{ listSheetMusic(limit: 10) { ...C } } fragment C on SheetMusicConnection { edges { node { id } } }") == 2 + 20)
    }

    @Test("every operation the app sends is admitted at its largest")
    func appOperations() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.appOperations, includingPropertiesForKeys: nil)
        let fragments = try String(contentsOf: Self.appOperations.appendingPathComponent("fragments.graphql"), encoding: .utf8)
        var costs: [String: Int] = [:]
        for file in files where file.pathExtension == "graphql" && file.lastPathComponent != "fragments.graphql" {
            let text = try String(contentsOf: file, encoding: .utf8)
            // Every page variable at its largest.
            let variables: [String: Map] = ["limit": 100, "first": 100]
            costs[file.deletingPathExtension().lastPathComponent] = try cost(text + "\n" + fragments, variables: variables)
        }
        #expect(costs.count >= 20)
        for (name, value) in costs.sorted(by: { $0.key < $1.key }) {
            #expect(value <= Self.limit, "\(name) costs \(value)")
        }
        print("app operation costs:", costs.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    @Test("any page of 100 with every field is admitted", arguments: ["listSheetMusic", "myPracticeSessions", "myPracticeLogs", "myRepertoire", "changes", "recommendedSheetMusic", "pieceSuggestions", "composerSuggestions"])
    func largestPages(field: String) throws {
        let api = try Self.schema.get()
        let query = try #require(api.schema.queryType)
        let definition = try #require(try query.fields()[field])
        let required = definition.args.filter { $0.value.type is GraphQLNonNull }.map { name, _ in
            switch name {
            case "instrument": "instrument: PIANO"
            default: "\(name): \"ab\""
            }
        }
        let arguments = (["limit: 100"] + required).joined(separator: ", ")
        let text = "{ \(field)(\(arguments)) \(try EverySelection.of(definition.type, path: ["Query"])) }"
        let value = try cost(text)
        #expect(value <= Self.limit, "\(field) with every field costs \(value)")
        print("every field of \(field), 100 a page:", value)
    }
}

/// A selection of every field of a type and of what it links to, each type once on a path, down
/// to `levels` levels of objects below a page's item (a log, its piece, the piece's measures,
/// their notes' fields); fields with required arguments are left out.
enum EverySelection {
    static func of(_ type: GraphQLType, path: [String], levels: Int = 4) throws -> String {
        var named: GraphQLType = type
        while true {
            if let nonNull = named as? GraphQLNonNull { named = nonNull.ofType } else if let list = named as? GraphQLList { named = list.ofType } else { break }
        }
        guard let object = named as? GraphQLObjectType else { return "" }
        var parts: [String] = []
        for (name, field) in try object.fields().sorted(by: { $0.key < $1.key }) {
            guard !field.args.values.contains(where: { $0.type is GraphQLNonNull }) else { continue }
            var inner: GraphQLType = field.type
            while true {
                if let nonNull = inner as? GraphQLNonNull { inner = nonNull.ofType } else if let list = inner as? GraphQLList { inner = list.ofType } else { break }
            }
            if let child = inner as? GraphQLObjectType {
                guard !path.contains(child.name), levels > 0 else { continue }
                parts.append("\(name) \(try of(child, path: path + [object.name], levels: levels - 1))")
            } else {
                parts.append(name)
            }
        }
        return "{ " + parts.joined(separator: " ") + " }"
    }
}
