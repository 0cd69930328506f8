import Domain
@testable import Schema
import Testing

/// U+0000 is refused wherever a request's text can carry it, before anything runs: PostgreSQL
/// would cut the value at it, so both engines refuse it alike.
@Suite("NUL characters")
struct NULCharacterTests {
    private static let engine = GraphQLEngine(schema: try! APISchema.make())

    private func refusal(_ query: String) -> APIError? {
        guard case .refused(let errors) = Self.engine.prepare(query: query, operationName: nil) else { return nil }
        return errors.first
    }

    @Test("a NUL in any string literal is BAD_USER_INPUT at the literal", arguments: [
        (#"{ sheetMusic(id: "a\u0000b") { id } }"#, 1, 18),
        (#"{ listSheetMusic(filter: {search: "x\u0000"}) { totalCount } }"#, 1, 35),
        ("{ __typename @include(if: true) ...F }\nfragment F on Query { a: listSheetMusic(filter: {composer: \"\\u0000\"}) { totalCount } }", 2, 60),
        (#"query($s: String = "\u0000") { listSheetMusic(filter: {search: $s}) { totalCount } }"#, 1, 20),
        (#"{ ... on Query { sheetMusic(id: "\u0000") { id } } }"#, 1, 33),
    ])
    func literals(query: String, line: Int, column: Int) throws {
        let error = try #require(refusal(query))
        #expect(error.code == .badUserInput)
        #expect(error.message == NULCharacters.message)
        #expect(error.locations == [APIError.Location(line: line, column: column)])
    }

    @Test("text without a NUL, and the escaped text \\u0000, are not refused")
    func noNUL() {
        #expect(refusal(#"{ listSheetMusic(filter: {search: "é\u00e9 \\u0000"}) { totalCount } }"#) == nil)
        #expect(refusal(#"{ listSheetMusic(filter: {search: """a\u0000b"""}) { totalCount } }"#) == nil)
    }

    @Test("an invalid document answers its validation errors first")
    func validationFirst() throws {
        let error = try #require(refusal(#"{ nope(id: "\u0000") }"#))
        #expect(error.code == .graphQLValidationFailed)
    }

    @Test("a NUL in a variable, at any depth, is BAD_USER_INPUT naming its path and not echoing the value")
    func variables() throws {
        let query = "mutation($input: CreatePracticeLogInput!, $id: ID!) { a: createPracticeLog(input: $input) { id } b: deletePracticeLog(id: $id) { success } }"
        guard case .ready(let prepared) = Self.engine.prepare(query: query, operationName: nil) else {
            Issue.record("the document was refused")
            return
        }
        let input: JSONValue = .object(["activityType": .string("SCALES"), "durationSeconds": .integer(60), "focusAreas": .array([.string("ok"), .string("x\u{0}y")])])
        #expect(throws: APIError.self) { try Self.engine.bind(prepared, variables: ["input": input, "id": .string("abc")]) }
        do {
            _ = try Self.engine.bind(prepared, variables: ["input": input, "id": .string("abc")])
        } catch {
            #expect(error.code == .badUserInput)
            #expect(error.extensions["field"] == .string("input.focusAreas[1]"))
            #expect(error.message == #"Variable "$input" at "input.focusAreas[1]": Text may not contain the NUL character (U+0000)."#)
        }
        let fine: JSONValue = .object(["activityType": .string("SCALES"), "durationSeconds": .integer(60)])
        #expect(throws: Never.self) { try Self.engine.bind(prepared, variables: ["input": fine, "id": .string("abc")]) }
        #expect(throws: APIError.self) { try Self.engine.bind(prepared, variables: ["input": fine, "id": .string("abc\u{0}")]) }
    }
}
