import Domain
@testable import Endpoint
import Foundation
import GraphQL
@testable import Schema
import Services
import Storage
import Synchronization
import Testing

/// Teacher mode as its users and an attacker meet it: invites, what a share lets a teacher read
/// and what it never does, assignments and comments, and endings that take effect at once.
@Suite("Teacher mode")
struct TeachingTests {
    /// Markers in a student's private data: no answer to a teacher may hold one it is not shared.
    static let secrets = (notes: "SECRET-LOG-NOTE", session: "SECRET-SESSION-NOTE", piece: "SECRET-OWN-PIECE", plan: "SECRET-PLAN-ITEM")

    /// One signed-in user of an endpoint.
    struct Client {
        let endpoint: Endpoint
        let token: String
        let address: String

        init(_ endpoint: Endpoint, _ email: String, address: String = "203.0.113.7") async throws {
            self.endpoint = endpoint
            token = try await signIn(endpoint, email: email)
            self.address = address
        }

        /// The answer to a query, parsed.
        func send(_ query: String, _ variables: JSONValue = .object([:])) async throws -> JSONValue {
            let body = JSONWriter.string(.object([
                "query": .string(query), "variables": variables,
                "headers": .object(["authorization": .string("Bearer \(token)"), "x-forwarded-for": .string(address)]),
            ]))
            return try JSONParser.parse(await endpoint.respond(toBody: Array(body.utf8)).body)
        }

        /// `data.<path>` of an answer that must have no errors.
        func data(_ query: String, _ variables: JSONValue = .object([:])) async throws -> JSONValue {
            let answer = try await send(query, variables)
            #expect(answer["errors"] == nil, "\(query): \(JSONWriter.string(answer))")
            return answer["data"] ?? .null
        }
    }

    /// The codes of an answer's errors, in order.
    static func codes(_ answer: JSONValue) -> [String] {
        answer["errors"]?.arrayValue?.compactMap { $0["extensions"]?["code"]?.stringValue } ?? []
    }

    /// A student with a log (notes), a session (notes), a piece of their own in the repertoire and
    /// a plan item, each holding a secret marker; and their ids.
    static func student(_ endpoint: Endpoint) async throws -> (Client, ids: [String: String]) {
        let student = try await Client(endpoint, "student@example.com")
        let piece = try await student.data(#"mutation { createSheetMusic(input: {title: "\#(secrets.piece)", composer: "Me", instrument: PIANO}) { id } }"#)["createSheetMusic"]?["id"]?.stringValue ?? ""
        _ = try await student.data(#"mutation { setRepertoireStatus(input: {sheetMusicId: "\#(piece)", status: LEARNING}) { status } }"#)
        let session = try await student.data(#"mutation { startPracticeSession(input: {instrument: PIANO}) { id } }"#)["startPracticeSession"]?["id"]?.stringValue ?? ""
        let log = try await student.data(#"mutation { createPracticeLog(input: {sessionId: "\#(session)", activityType: REPERTOIRE, durationSeconds: 900, sheetMusicId: "\#(piece)", notes: "\#(secrets.notes)"}) { id } }"#)["createPracticeLog"]?["id"]?.stringValue ?? ""
        _ = try await student.data(#"mutation { completePracticeSession(input: {sessionId: "\#(session)", notes: "\#(secrets.session)"}) { id } }"#)
        let item = try await student.data(#"mutation { createPlanItem(input: {exercise: "\#(secrets.plan)", targetMinutes: 10, schedule: {kind: EVERY_N_DAYS, everyDays: 1, startDate: "2026-01-12"}}) { id } }"#)["createPlanItem"]?["id"]?.stringValue ?? ""
        let me = try await student.data("{ me { id } }")["me"]?["id"]?.stringValue ?? ""
        return (student, ["user": me, "piece": piece, "session": session, "log": log, "plan": item])
    }

    /// Invites a teacher with `scopes` (GraphQL list literal) and has them accept; the code.
    @discardableResult
    static func share(_ student: Client, with teacher: Client, scopes: String) async throws -> String {
        let code = try await student.data("mutation { inviteTeacher(input: {scopes: \(scopes)}) { code } }")["inviteTeacher"]?["code"]?.stringValue ?? ""
        _ = try await teacher.data(#"mutation { acceptTeacherInvite(code: "\#(code)") { since } }"#)
        return code
    }

    // MARK: Relationships

    @Test("a code accepted once starts a share with the invite's scopes; using it again, your own, a wrong one or one past 7 days is a coded error that changes nothing")
    func invites() async throws {
        let endpoint = try TestDatabase.endpoint()
        let (student, ids) = try await Self.student(endpoint)
        let teacher = try await Client(endpoint, "teacher@example.com")
        let other = try await Client(endpoint, "other@example.com")
        let invite = try await student.data("mutation { inviteTeacher(input: {}) { code scopes expiresAt } }")["inviteTeacher"]
        let code = try #require(invite?["code"]?.stringValue)
        #expect(code.count == 11 && code.contains("-"))
        #expect(invite?["scopes"] == .array([.string("LOGS"), .string("PROGRESS"), .string("REPERTOIRE")]))
        #expect(invite?["expiresAt"]?.stringValue == "2026-01-22T09:30:00.000Z")
        #expect(Self.codes(try await student.send(#"mutation { acceptTeacherInvite(code: "\#(code)") { since } }"#)) == ["BAD_USER_INPUT"])
        // Case, spaces and dashes do not matter; O reads as 0.
        let typed = code.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "0", with: "o")
        let accepted = try await teacher.data(#"mutation { acceptTeacherInvite(code: "\#(typed)") { student { id email } scopes } }"#)
        #expect(accepted["acceptTeacherInvite"]?["student"]?["id"]?.stringValue == ids["user"])
        #expect(Self.codes(try await other.send(#"mutation { acceptTeacherInvite(code: "\#(code)") { since } }"#)) == ["CONFLICT"])
        #expect(Self.codes(try await other.send(#"mutation { acceptTeacherInvite(code: "ZZZZZ-ZZZZZ") { since } }"#)) == ["NOT_FOUND"])
        #expect(try await other.data("{ myStudents { id } }")["myStudents"] == .array([]))
        // A second invite the same teacher accepts is CONFLICT: they already follow the student.
        let again = try await student.data("mutation { inviteTeacher(input: {}) { code } }")["inviteTeacher"]?["code"]?.stringValue ?? ""
        #expect(Self.codes(try await teacher.send(#"mutation { acceptTeacherInvite(code: "\#(again)") { since } }"#)) == ["CONFLICT"])
        // Past its 7 days an invite no longer works.
        _ = try endpoint.database.run("UPDATE teacher_invites SET expires_at = '2026-01-15T09:29:59.999Z' WHERE accepted_at IS NULL")
        #expect(Self.codes(try await other.send(#"mutation { acceptTeacherInvite(code: "\#(again)") { since } }"#)) == ["BAD_USER_INPUT"])
        // By e-mail: not yourself, not a teacher you already have; a mail with the link otherwise.
        #expect(Self.codes(try await student.send(#"mutation { inviteTeacher(input: {email: "Student@Example.com"}) { id } }"#)) == ["BAD_USER_INPUT"])
        #expect(Self.codes(try await student.send(#"mutation { inviteTeacher(input: {email: "teacher@example.com"}) { id } }"#)) == ["CONFLICT"])
        #expect(Self.codes(try await student.send(#"mutation { inviteTeacher(input: {scopes: [LOG_NOTES]}) { id } }"#)) == ["BAD_USER_INPUT"])
        let mailed = try await student.data(#"mutation { inviteTeacher(input: {email: "new.teacher@example.com"}) { code email } }"#)["inviteTeacher"]
        let mail = try #require(try endpoint.newestMessage(to: "new.teacher@example.com"))
        let bare = (mailed?["code"]?.stringValue ?? "").replacingOccurrences(of: "-", with: "")
        #expect(mail.body.contains("/teaching?code=\(bare)"))
        #expect(try await student.data("{ myTeacherInvites { email code } }")["myTeacherInvites"]?.arrayValue?.count == 1)
        #expect(try await student.data("{ myTeacherInvites { code } }")["myTeacherInvites"]?.arrayValue?.allSatisfy { $0["code"] == .null } == true)
    }

    @Test("guessing codes: each account and each client address may try 10 and 30 an hour, right or wrong")
    func inviteCodeBudget() async throws {
        let endpoint = try TestDatabase.endpoint()
        let (student, _) = try await Self.student(endpoint)
        let guesser = try await Client(endpoint, "guesser@example.com", address: "198.51.100.1")
        for _ in 0..<10 {
            #expect(Self.codes(try await guesser.send(#"mutation { acceptTeacherInvite(code: "AAAAA-AAAAA") { since } }"#)) == ["NOT_FOUND"])
        }
        let code = try await student.data("mutation { inviteTeacher(input: {}) { code } }")["inviteTeacher"]?["code"]?.stringValue ?? ""
        // The right code no longer helps this account within the hour.
        #expect(Self.codes(try await guesser.send(#"mutation { acceptTeacherInvite(code: "\#(code)") { since } }"#)) == ["RATE_LIMITED"])
        // Fresh accounts on the same address share its 30.
        var limited = false
        for index in 0..<3 {
            let helper = try await Client(endpoint, "helper\(index)@example.com", address: "198.51.100.1")
            for _ in 0..<10 where !limited {
                limited = Self.codes(try await helper.send(#"mutation { acceptTeacherInvite(code: "BBBBB-BBBBB") { since } }"#)) == ["RATE_LIMITED"]
            }
        }
        #expect(limited)
        #expect(try endpoint.database.first("SELECT count(*) FROM teacher_shares") { $0.integer(0) } == 0)
    }

    // MARK: What a teacher reads

    /// Each field of `Student`, the scope it needs (nil: any relationship) and a selection of it.
    static let studentFields: [String: (scope: String?, selection: String)] = [
        "id": (nil, "id"), "contact": (nil, "contact { email }"), "scopes": (nil, "scopes"), "since": (nil, "since"),
        "lastPracticeDate": ("PROGRESS", "lastPracticeDate"), "currentStreak": ("PROGRESS", "currentStreak"),
        "minutesThisWeek": ("PROGRESS", "minutesThisWeek"),
        "practiceLogs": ("LOGS", "practiceLogs { edges { node { id workTitle durationSeconds sheetMusic { title } session { notes } } } }"),
        "practiceSessions": ("SESSIONS", "practiceSessions { edges { node { id notes logs { id } sheetMusic { title } } } }"),
        "progress": ("PROGRESS", "progress { totalPracticeSeconds }"),
        "statistics": ("PROGRESS", #"statistics(from: "2026-01-01", to: "2026-01-31") { totalSeconds }"#),
        "repertoire": ("REPERTOIRE", "repertoire { edges { node { status sheetMusic { title } } } }"),
        "planDays": (nil, #"planDays(from: "2026-01-15", to: "2026-01-15") { items { planItem { title } } }"#),
        "assignments": (nil, "assignments { id }"),
    ]

    @Test("every Student field: refused with NOT_FOUND without a share or after it ended, FORBIDDEN naming the scope when that part is not shared, and answered otherwise")
    func studentFieldsRefuse() async throws {
        let schema = try APISchema.make().schema
        let fields = try #require(schema.getType(name: "Student") as? GraphQLObjectType).fields()
        #expect(Set(fields.keys) == Set(Self.studentFields.keys), "a Student field without a case here: decide what it needs")
        let endpoint = try TestDatabase.endpoint()
        let (student, ids) = try await Self.student(endpoint)
        let teacher = try await Client(endpoint, "teacher@example.com")
        let studentID = try #require(ids["user"])
        let teacherID = try await teacher.data("{ me { id } }")["me"]?["id"]?.stringValue ?? ""
        func ask(_ field: String) async throws -> JSONValue {
            try await teacher.send(#"{ student(id: "\#(studentID)") { \#(Self.studentFields[field]!.selection) } }"#)
        }
        for field in fields.keys.sorted() {
            let answer = try await ask(field)
            #expect(Self.codes(answer) == ["NOT_FOUND"] && answer["data"]?["student"] == JSONValue.null, "no share: \(field)")
        }
        let all = "[LOGS, LOG_NOTES, SESSIONS, PROGRESS, REPERTOIRE, PLAN]"
        try await Self.share(student, with: teacher, scopes: all)
        for (index, scope) in ["LOGS", "SESSIONS", "PROGRESS", "REPERTOIRE", "PLAN"].enumerated() {
            let granted = ["LOGS", "SESSIONS", "PROGRESS", "REPERTOIRE", "PLAN"].filter { $0 != scope } + (scope == "LOGS" ? [] : ["LOG_NOTES"])
            _ = try await student.data(#"mutation { updateTeacherShare(teacherId: "\#(teacherID)", scopes: [\#(granted.joined(separator: ", "))]) { scopes } }"#)
            for field in fields.keys.sorted() {
                let answer = try await ask(field)
                if Self.studentFields[field]!.scope == scope {
                    #expect(Self.codes(answer) == ["FORBIDDEN"], "\(scope) not shared: \(field) \(answer)")
                    #expect(answer["errors"]?.arrayValue?.first?["extensions"]?["scope"]?.stringValue == scope)
                    #expect(answer["data"]?["student"]?[field] == JSONValue.null)
                } else {
                    #expect(Self.codes(answer).isEmpty, "\(scope) not shared: \(field) \(answer)")
                }
            }
            // The whole plan only with PLAN; without it the teacher's own assignments only.
            let plan = JSONWriter.string(try await ask("planDays"))
            #expect(plan.contains(Self.secrets.plan) == (scope != "PLAN"), "round \(index)")
        }
        _ = try await student.data(#"mutation { endTeacherShare(teacherId: "\#(teacherID)") { success } }"#)
        for field in fields.keys.sorted() {
            let answer = try await ask(field)
            #expect(Self.codes(answer) == ["NOT_FOUND"] && answer["data"]?["student"] == JSONValue.null, "ended: \(field)")
        }
        #expect(try await teacher.data("{ myStudents { id } }")["myStudents"] == .array([]))
    }

    @Test("every Query field, with each of a student's ids, tells a teacher without a share, with an ended one, or with one sharing nothing, none of the student's private data")
    func everyQueryFieldRefuses() async throws {
        let schema = try APISchema.make().schema
        let endpoint = try TestDatabase.endpoint()
        let (student, ids) = try await Self.student(endpoint)
        let teacher = try await Client(endpoint, "teacher@example.com")
        let teacherID = try await teacher.data("{ me { id } }")["me"]?["id"]?.stringValue ?? ""
        func sweep(_ situation: String) async throws {
            for (name, field) in try #require(schema.queryType).fields().sorted(by: { $0.key < $1.key }) {
                for id in ids.values.sorted() {
                    guard let arguments = Self.arguments(field.args, id: id) else { continue }
                    let query = "{ \(name)\(arguments)\(Self.selection(field.type, depth: 0)) }"
                    let answer = try await teacher.send(query)
                    let text = JSONWriter.string(answer)
                    // A refusal of the whole operation would prove nothing.
                    #expect(answer["data"] != nil && !Self.codes(answer).contains("QUERY_TOO_COMPLEX"), "\(query): \(text)")
                    for secret in [Self.secrets.notes, Self.secrets.session, Self.secrets.piece, Self.secrets.plan] {
                        #expect(!text.contains(secret), "\(situation): \(query) answered \(text)")
                    }
                    if name == "student", situation != "a share of nothing" { #expect(text.contains("NOT_FOUND"), "\(situation): \(text)") }
                }
            }
        }
        try await sweep("no share")
        try await Self.share(student, with: teacher, scopes: "[]")
        try await sweep("a share of nothing")
        // `student` answers the empty share; nothing private comes with it.
        let empty = try await teacher.send(#"{ student(id: "\#(ids["user"] ?? "")") { id scopes } }"#)
        #expect(Self.codes(empty).isEmpty && empty["data"]?["student"]?["scopes"] == .array([]))
        _ = try await student.data(#"mutation { endTeacherShare(teacherId: "\#(teacherID)") { success } }"#)
        try await sweep("an ended share")
    }

    /// Arguments for a field: ID arguments get `id`, required ones a valid value; nil when a
    /// required argument cannot be made up (an input object).
    static func arguments(_ arguments: GraphQLArgumentConfigMap, id: String) -> String? {
        var written: [String] = []
        for (name, argument) in arguments {
            let required = argument.type is GraphQLNonNull
            let named = QueryGenerator.typeName(argument.type).trimmingCharacters(in: CharacterSet(charactersIn: "[]!"))
            switch named {
            case "ID": written.append("\(name): \"\(id)\"")
            case "String" where required: written.append("\(name): \"\(name == "to" ? "2026-01-31" : "2026-01-01")\"")
            case "Instrument" where required: written.append("\(name): PIANO")
            default: if required { return nil }
            }
        }
        return written.isEmpty ? "" : "(" + written.joined(separator: ", ") + ")"
    }

    /// Every field without required arguments, two levels deep.
    static func selection(_ type: GraphQLType, depth: Int) -> String {
        var named: GraphQLType = type
        while true {
            if let wrapper = named as? GraphQLNonNull { named = wrapper.ofType } else if let list = named as? GraphQLList { named = list.ofType } else { break }
        }
        guard let object = named as? GraphQLObjectType else { return "" }
        guard depth < 2 else { return " { __typename }" }
        let fields = ((try? object.fields()) ?? [:]).sorted { $0.key < $1.key }.compactMap { name, field -> String? in
            guard !field.args.contains(where: { $0.value.type is GraphQLNonNull }) else { return nil }
            return name + selection(field.type, depth: depth + 1)
        }
        return " { __typename " + fields.joined(separator: " ") + " }"
    }

    @Test("a teacher sees logs without notes unless notes are shared, the student's own pieces by title, and a narrowed or ended share at once with the same token")
    func readsFollowTheShare() async throws {
        let endpoint = try TestDatabase.endpoint()
        let (student, ids) = try await Self.student(endpoint)
        let teacher = try await Client(endpoint, "teacher@example.com")
        let teacherID = try await teacher.data("{ me { id } }")["me"]?["id"]?.stringValue ?? ""
        try await Self.share(student, with: teacher, scopes: "[LOGS, SESSIONS, PROGRESS]")
        let query = #"{ student(id: "\#(ids["user"] ?? "")") { practiceLogs { edges { node { id practiceNotes sheetMusic { title } } } } } }"#
        let withheld = try await teacher.send(query)
        #expect(Self.codes(withheld) == ["FORBIDDEN"])
        #expect(withheld["errors"]?.arrayValue?.first?["extensions"]?["scope"]?.stringValue == "LOG_NOTES")
        #expect(JSONWriter.string(withheld).contains(Self.secrets.piece))
        #expect(!JSONWriter.string(withheld).contains(Self.secrets.notes))
        _ = try await student.data(#"mutation { updateTeacherShare(teacherId: "\#(teacherID)", scopes: [LOGS, LOG_NOTES]) { scopes } }"#)
        #expect(JSONWriter.string(try await teacher.data(query)).contains(Self.secrets.notes))
        let students = try await teacher.data("{ myStudents { id contact { email } } }")
        #expect(students["myStudents"]?.arrayValue?.first?["contact"]?["email"]?.stringValue == "student@example.com")
        _ = try await student.data(#"mutation { updateTeacherShare(teacherId: "\#(teacherID)", scopes: [LOGS, PROGRESS]) { scopes } }"#)
        let summary = try await teacher.data("{ myStudents { currentStreak minutesThisWeek lastPracticeDate } }")["myStudents"]?.arrayValue?.first
        #expect(summary?["minutesThisWeek"] == .integer(15))
        #expect(summary?["currentStreak"] == .integer(1))
        #expect(summary?["lastPracticeDate"]?.stringValue == "2026-01-15")
        // The teacher leaves: nothing more, the student's list is empty too.
        _ = try await teacher.data(#"mutation { leaveStudent(studentId: "\#(ids["user"] ?? "")") { success } }"#)
        #expect(Self.codes(try await teacher.send(query)) == ["NOT_FOUND"])
        #expect(try await student.data("{ myTeachers { since } }")["myTeachers"] == .array([]))
    }

    // MARK: Assignments and comments

    @Test("a teacher assigns a plan item and sees it done or declined; comments go both ways and reach both change feeds; bad input changes nothing")
    func assignmentsAndComments() async throws {
        let endpoint = try TestDatabase.endpoint()
        let (student, ids) = try await Self.student(endpoint)
        let teacher = try await Client(endpoint, "teacher@example.com")
        let teacherID = try await teacher.data("{ me { id } }")["me"]?["id"]?.stringValue ?? ""
        let studentID = ids["user"] ?? ""
        try await Self.share(student, with: teacher, scopes: "[LOGS, PROGRESS]")
        let assigned = try await teacher.data(#"mutation { assignPlanItem(studentId: "\#(studentID)", input: {exercise: "Hanon 1", targetMinutes: 10, schedule: {kind: EVERY_N_DAYS, everyDays: 1, startDate: "2026-01-14"}}) { id assignedBy { email } } }"#)
        let itemID = assigned["assignPlanItem"]?["id"]?.stringValue ?? ""
        #expect(assigned["assignPlanItem"]?["assignedBy"]?["email"]?.stringValue == "teacher@example.com")
        let today = try await student.data("{ myPlan { items { state planItem { title assignedBy { email } } } } }")
        #expect(JSONWriter.string(today).contains("Hanon 1") && JSONWriter.string(today).contains("teacher@example.com"))
        let week = #"{ student(id: "\#(studentID)") { planDays(from: "2026-01-14", to: "2026-01-15") { date items { state planItem { title } } } assignments { id declinedAt } } }"#
        let states = try await teacher.data(week)["student"]?["planDays"]?.arrayValue?.map { $0["items"]?.arrayValue?.first?["state"]?.stringValue }
        #expect(states == ["MISSED", "DUE"])
        _ = try await student.data(#"mutation { createPracticeLog(input: {activityType: TECHNIQUE, durationSeconds: 600, planItemId: "\#(itemID)"}) { id } }"#)
        #expect(try await teacher.data(week)["student"]?["planDays"]?.arrayValue?.last?["items"]?.arrayValue?.first?["state"]?.stringValue == "DONE")
        _ = try await student.data(#"mutation { declinePlanItem(id: "\#(itemID)") { declinedAt } }"#)
        #expect(try await teacher.data(week)["student"]?["assignments"]?.arrayValue?.first?["declinedAt"] != .null)
        #expect(Self.codes(try await student.send(#"mutation { declinePlanItem(id: "\#(ids["plan"] ?? "")") { id } }"#)) == ["BAD_USER_INPUT"])

        // Comments: the teacher on a shared log, the student's reply; not on a session (not shared).
        let comment = #"mutation($input: AddCommentInput!) { addComment(input: $input) { id fromTeacher author { email } } }"#
        let note = try await teacher.data(comment, .object(["input": .object(["logId": .string(ids["log"] ?? ""), "body": .string("Lovely phrasing; slower in bar 12.")])]))
        #expect(note["addComment"]?["fromTeacher"] == .bool(true))
        _ = try await student.data(comment, .object(["input": .object(["logId": .string(ids["log"] ?? ""), "teacherId": .string(teacherID), "body": .string("Thanks, will do!")])]))
        let thread = try await student.data("{ myPracticeLogs { edges { node { id comments { body fromTeacher } } } } }")
        let commented = thread["myPracticeLogs"]?["edges"]?.arrayValue?.first { $0["node"]?["id"]?.stringValue == ids["log"] }
        #expect(commented?["node"]?["comments"]?.arrayValue?.map { $0["fromTeacher"] } == [.bool(true), .bool(false)])
        let seen = try await teacher.data(#"{ student(id: "\#(studentID)") { practiceLogs { edges { node { comments { body } } } } } }"#)
        #expect(JSONWriter.string(seen).contains("Thanks, will do!"))
        for changes in [try await student.data("{ changes { changes { entity comment { body } } } }"), try await teacher.data("{ changes { changes { entity comment { body } } } }")] {
            #expect(changes["changes"]?["changes"]?.arrayValue?.filter { $0["entity"]?.stringValue == "COMMENT" }.count == 2)
        }
        let before = try endpoint.database.first("SELECT count(*) FROM comments") { $0.integer(0) }
        for (input, code) in [
            (["sessionId": JSONValue.string(ids["session"] ?? ""), "body": .string("Hi")], "FORBIDDEN"),
            (["logId": .string(ids["log"] ?? ""), "body": .string(String(repeating: "a", count: 2001))], "BAD_USER_INPUT"),
            (["logId": .string(ids["log"] ?? ""), "body": .string("a\u{0}b")], "BAD_USER_INPUT"),
            (["logId": .string(ids["log"] ?? ""), "body": .string("   ")], "BAD_USER_INPUT"),
            (["logId": .string("nosuchlogAAAAAAAAAAAA"), "body": .string("Hi")], "NOT_FOUND"),
        ] {
            #expect(Self.codes(try await teacher.send(comment, .object(["input": .object(input)]))) == [code], "\(input)")
        }
        #expect(try endpoint.database.first("SELECT count(*) FROM comments") { $0.integer(0) } == before)

        // Ended: no more assigning or commenting, and the teacher's feed no longer carries the thread.
        _ = try await student.data(#"mutation { endTeacherShare(teacherId: "\#(teacherID)") { success } }"#)
        #expect(Self.codes(try await teacher.send(#"mutation { assignPlanItem(studentId: "\#(studentID)", input: {exercise: "More", targetMinutes: 5, schedule: {kind: ONCE, startDate: "2026-01-16"}}) { id } }"#)) == ["NOT_FOUND"])
        #expect(Self.codes(try await teacher.send(comment, .object(["input": .object(["logId": .string(ids["log"] ?? ""), "body": .string("Hello?")])]))) == ["NOT_FOUND"])
        let feed = JSONWriter.string(try await teacher.data("{ changes { changes { entity comment { body } } } }"))
        #expect(!feed.contains("Thanks, will do!"))
        // Export keeps the relationship's history on both sides; deleting an account ends it.
        let export = JSONWriter.string(try await student.data("{ exportMyData }"))
        #expect(export.contains("\"comments\"") && export.contains("Lovely phrasing"))
    }

    // MARK: Races

    @Test("a student ending the share while a teacher reads: the read either finishes before the ending commits or sees nothing (PostgreSQL: the check holds the share row)")
    func revokeWhileReading() throws {
        let paths = try TestDatabase.freshCopy()
        let clock = TestClock()
        let setup = try TestServices(paths: paths, clock: clock, seed: 1)
        let student = try setup.services.auth.authenticate(accessToken: setup.signIn("student@example.com").accessToken)
        let teacher = try setup.services.auth.authenticate(accessToken: setup.signIn("teacher@example.com").accessToken)
        var draft = LogDraft()
        draft.activityType = .scales
        draft.durationSeconds = .set(600)
        _ = try setup.services.logs.create(viewer: student, LogCreation(clientID: nil, requestHash: "a", sessionID: nil, templateID: nil, draft: draft))
        let (_, code) = try setup.services.teaching.invite(viewer: student, email: nil, scopes: [.logs])
        _ = try setup.services.teaching.accept(viewer: teacher, code: code, clientAddress: "test")
        let studentID = try student.userID(), teacherID = try teacher.userID()

        // The reader, on its own connection, checks and then reads slowly; the student ends the
        // share on another connection while it sleeps between the check and the read.
        let reader = try TestServices(paths: paths, clock: clock, seed: 2)
        let ender = try TestServices(paths: paths, clock: clock, seed: 3)
        let checked = DispatchSemaphore(value: 0)
        let order = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        let readerThread = Thread {
            do {
                let logs = try reader.services.teaching.read(viewer: teacher, studentID: studentID, scope: .logs) { access in
                    checked.signal()
                    Thread.sleep(forTimeInterval: 0.3)
                    // What allowed the read still holds at its end: the ending has not committed
                    // (PostgreSQL: it waits for the FOR SHARE lock) or is not seen (SQLite: the
                    // read's one snapshot). Without either, the share would be gone here.
                    let still = try TeachingStore(database: reader.database).scopes(teacherID: teacherID, studentIDs: [studentID])[studentID] != nil
                    let page = try reader.services.logs.logs(of: access, filter: LogFilter(), page: PageRequest())
                    order.withLock { $0.append("read \(page.items.count) logs, share \(still ? "still there" : "gone")") }
                    return page.items
                }
                order.withLock { $0.append("read done with \(logs.count) logs") }
            } catch {
                failures.withLock { $0.append("reader: \(error)") }
            }
        }
        let enderThread = Thread {
            checked.wait()
            do {
                try ender.services.teaching.end(viewer: student, teacherID: teacherID, studentID: nil)
                order.withLock { $0.append("ended") }
            } catch {
                failures.withLock { $0.append("ender: \(error)") }
            }
        }
        readerThread.start()
        enderThread.start()
        while !readerThread.isFinished || !enderThread.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(failures.withLock { $0 } == [])
        let happened = order.withLock { $0 }
        #expect(happened.contains("read 1 logs, share still there"), "\(happened)")
        if TestDatabase.usesPostgres {
            // The ending commits only after the read's transaction: it is told after the read
            // (which the reader notes inside its transaction), never during the sleep before it.
            let read = happened.firstIndex(of: "read 1 logs, share still there"), ended = happened.firstIndex(of: "ended")
            #expect(read != nil && ended != nil && read! < ended!, "\(happened)")
        }
        // After the ending, the same teacher reads nothing.
        #expect(throws: APIError.self) {
            try reader.services.teaching.read(viewer: teacher, studentID: studentID, scope: .logs) { _ in 0 }
        }
    }
}
