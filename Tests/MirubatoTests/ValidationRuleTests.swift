import GraphQL
@testable import Schema
import Testing

/// Validation over the generated table (`DocumentValidator`): each rule of the specification
/// refuses its case in graphql-js's words at graphql-js's locations, and documents the library
/// (GraphQLSwift, now only a test oracle) finds valid stay valid. `validation_e2e.py` holds the
/// verdicts to graphql-core's over thousands of generated documents.
@Suite("Validation over the schema table")
struct ValidationRuleTests {
    private static let schema = try! APISchema.make()

    /// One rule's case: a document and every error it gets, as "message @line:column …".
    struct Case: CustomTestStringConvertible, Sendable {
        let rule: String
        let query: String
        let errors: [String]
        var testDescription: String { rule }
    }

    static let cases: [Case] = [
        Case(rule: "ExecutableDefinitions", query: "{ __typename } type Extra { a: Int }",
             errors: [#"The "Extra" definition is not executable. @1:16"#]),
        Case(rule: "UniqueOperationNames", query: "query A { __typename } query A { me { id } }",
             errors: [#"There can be only one operation named "A". @1:7 @1:30"#]),
        Case(rule: "LoneAnonymousOperation", query: "{ __typename } query B { me { id } }",
             errors: [#"This anonymous operation must be the only defined operation. @1:1"#]),
        Case(rule: "KnownTypeNames", query: "query ($a: Instrumnt) { __typename }",
             errors: [#"Unknown type "Instrumnt". Did you mean "Instrument"? @1:12"#, #"Variable "$a" is never used. @1:8"#]),
        Case(rule: "FragmentsOnCompositeTypes", query: "{ ... on Int { __typename } }",
             errors: [#"Fragment cannot condition on non composite type "Int". @1:10"#]),
        Case(rule: "VariablesAreInputTypes", query: "query ($u: User) { __typename }",
             errors: [#"Variable "$u" cannot be non-input type "User". @1:12"#, #"Variable "$u" is never used. @1:8"#]),
        Case(rule: "ScalarLeafs", query: "{ me { id { x } } practiceSession(id: \"1\") }",
             errors: [
                 #"Field "id" must not have a selection since type "ID!" has no subfields. @1:11"#,
                 #"Field "practiceSession" of type "PracticeSession" must have a selection of subfields. Did you mean "practiceSession { ... }"? @1:19"#,
             ]),
        Case(rule: "FieldsOnCorrectType", query: "{ me { emial } }",
             errors: [#"Cannot query field "emial" on type "User". Did you mean "email"? @1:8"#]),
        Case(rule: "UniqueFragmentNames", query: "{ ...F } fragment F on Query { __typename } fragment F on Query { me { id } }",
             errors: [#"There can be only one fragment named "F". @1:19 @1:54"#]),
        Case(rule: "KnownFragmentNames", query: "{ ...Missing }",
             errors: [#"Unknown fragment "Missing". @1:6"#]),
        Case(rule: "NoUnusedFragments", query: "{ __typename } fragment F on Query { me { id } }",
             errors: [#"Fragment "F" is never used. @1:16"#]),
        Case(rule: "PossibleFragmentSpreads", query: "{ me { ... on Query { __typename } ...F } } fragment F on Query { __typename }",
             errors: [
                 #"Fragment cannot be spread here as objects of type "User" can never be of type "Query". @1:8"#,
                 #"Fragment "F" cannot be spread here as objects of type "User" can never be of type "Query". @1:36"#,
             ]),
        Case(rule: "NoFragmentCycles", query: "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
             errors: [#"Cannot spread fragment "A" within itself via "B". @1:32 @1:61"#]),
        Case(rule: "UniqueVariableNames", query: "query ($a: Int, $a: Int) { listSheetMusic(limit: $a) { totalCount } }",
             errors: [#"There can be only one variable named "$a". @1:9 @1:18"#]),
        Case(rule: "NoUndefinedVariables", query: "query Q { listSheetMusic(limit: $n) { totalCount } }",
             errors: [#"Variable "$n" is not defined by operation "Q". @1:33 @1:1"#]),
        Case(rule: "NoUnusedVariables", query: "query Q($n: Int) { __typename }",
             errors: [#"Variable "$n" is never used in operation "Q". @1:9"#]),
        Case(rule: "KnownDirectives", query: "query @skip(if: true) { __typename @nope }",
             errors: [#"Directive "@skip" may not be used on QUERY. @1:7"#, #"Unknown directive "@nope". @1:36"#]),
        Case(rule: "UniqueDirectivesPerLocation", query: "{ __typename @skip(if: false) @skip(if: true) }",
             errors: [#"The directive "@skip" can only be used once at this location. @1:14 @1:31"#]),
        Case(rule: "KnownArgumentNames", query: "{ listSheetMusic(limt: 3) { totalCount } ... @include(if: true, unless: false) { __typename } }",
             errors: [
                 #"Field "listSheetMusic" on type "Query" does not have argument "limt". Did you mean "limit"? @1:18"#,
                 #"Unknown argument "unless" on directive "@include". @1:65"#,
             ]),
        Case(rule: "UniqueArgumentNames", query: "{ listSheetMusic(limit: 1, limit: 2) { totalCount } }",
             errors: [#"There can be only one argument named "limit". @1:18 @1:28"#]),
        Case(rule: "ValuesOfCorrectType", query: """
            { listSheetMusic(limit: 9999999999, filter: {instrument: PIANOS, nope: 1}) { totalCount }
              a: listSheetMusic(limit: "3", filter: [1]) { totalCount } randomSheetMusic(instrument: null) { id } }
            """,
             errors: [
                 #"Int cannot represent non 32-bit signed integer value: 9999999999 @1:25"#,
                 #"Value "PIANOS" does not exist in "Instrument" enum. Did you mean the enum value "PIANO"? @1:58"#,
                 #"Field "nope" is not defined by type "SheetMusicFilterInput". @1:66"#,
                 #"Int cannot represent non-integer value: "3" @2:28"#,
                 #"Expected value of type "SheetMusicFilterInput", found [1]. @2:41"#,
                 #"Expected value of type "Instrument!", found null. @2:90"#,
             ]),
        Case(rule: "ProvidedRequiredArguments", query: "{ randomSheetMusic { id } __typename @include }",
             errors: [
                 #"Field "randomSheetMusic" argument "instrument" of type "Instrument!" is required, but it was not provided. @1:3"#,
                 #"Directive "@include" argument "if" of type "Boolean!" is required, but it was not provided. @1:38"#,
             ]),
        Case(rule: "VariablesInAllowedPosition", query: "query ($i: Instrument) { randomSheetMusic(instrument: $i) { id } }",
             errors: [#"Variable "$i" of type "Instrument" used in position expecting type "Instrument!". @1:8 @1:55"#]),
        Case(rule: "UniqueInputFieldNames", query: "{ listSheetMusic(filter: {instrument: PIANO, instrument: GUITAR}) { totalCount } }",
             errors: [#"There can be only one input field named "instrument". @1:27 @1:46"#]),
        Case(rule: "OverlappingFieldsCanBeMerged", query: "{ x: me { id } x: me { email } a: __typename a: me { id } }",
             errors: [#"Fields "a" conflict because "__typename" and "me" are different fields. Use different aliases on the fields to fetch both if this was intentional. @1:32 @1:46"#]),
    ]

    @Test("each rule refuses its case in graphql-js's words and places", arguments: cases)
    func refuses(_ rule: Case) throws {
        let document = try parse(source: Source(body: rule.query))
        let found = Self.schema.validationErrors(in: document).map { error in
            ([error.message] + error.locations.map { "@\($0.line):\($0.column)" }).joined(separator: " ")
        }
        #expect(found == rule.errors)
    }

    @Test("the generator's operations get the library's verdict, before field merging (which the library does not check)")
    func agreesWithTheLibrary() throws {
        var generator = QueryGenerator(schema: Self.schema.schema, seed: 31)
        var verdicts: [Bool: Int] = [:]
        for _ in 0..<400 {
            guard case .object(let request) = try generator.request(), let query = request["query"]?.stringValue else { continue }
            let document = try parse(source: Source(body: query))
            let valid = DocumentValidator.errors(in: document, index: Self.schema.index).isEmpty
            #expect(valid == validate(schema: Self.schema.schema, ast: document).isEmpty, "\(query)")
            verdicts[valid, default: 0] += 1
        }
        // Both verdicts occur (the generator writes some invalid date-times), so the comparison is not empty.
        #expect(verdicts[true, default: 0] > 100 && verdicts[false, default: 0] > 0, "\(verdicts)")
    }
}
