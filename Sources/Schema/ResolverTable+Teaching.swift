import Domain
import Services

/// A user across a sharing relationship (`Contact`): name and address.
struct Contact: Sendable {
    let user: User
}

/// An invite as answered: with its code only in the answer that made it.
struct InviteView: Sendable {
    let invite: TeacherInvite
    let code: String?
}

extension ResolverTable {
    /// Teacher mode: sharing, the teacher's reads of a student, assignments and comments.
    mutating func registerTeaching() {
        registerSharingRoots()
        registerStudentFields()
        registerTeachingTypes()
    }

    private mutating func registerSharingRoots() {
        root("Query", "myTeachers") { _, context in try context.services.teaching.teachers(viewer: context.viewer) }
        root("Query", "myTeacherInvites") { _, context in
            try context.services.teaching.pendingInvites(viewer: context.viewer).map { InviteView(invite: $0, code: nil) }
        }
        root("Query", "myStudents") { _, context in
            let students = try context.services.teaching.students(viewer: context.viewer)
            context.loaders.studentSummaries.prime(students.map(\.studentID))
            context.loaders.users.prime(students.map(\.studentID))
            return students
        }
        root("Query", "student") { arguments, context in
            try context.services.teaching.student(viewer: context.viewer, id: arguments.requiredString("id"))
        }
        root("Mutation", "inviteTeacher") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            let (invite, code) = try context.services.teaching.invite(
                viewer: context.viewer, email: input.string("email"), scopes: input.enumerationsIfGiven("scopes"))
            return InviteView(invite: invite, code: code)
        }
        root("Mutation", "cancelTeacherInvite") { arguments, context in
            let id = try arguments.requiredString("id")
            try context.services.teaching.cancelInvite(viewer: context.viewer, id: id)
            return Deletion(id: id)
        }
        root("Mutation", "acceptTeacherInvite") { arguments, context in
            try context.services.teaching.accept(
                viewer: context.viewer, code: arguments.requiredString("code"), clientAddress: context.clientAddress)
        }
        root("Mutation", "updateTeacherShare") { arguments, context in
            try context.services.teaching.setScopes(
                viewer: context.viewer, teacherID: arguments.requiredString("teacherId"), scopes: arguments.enumerations("scopes"))
        }
        root("Mutation", "endTeacherShare") { arguments, context in
            let id = try arguments.requiredString("teacherId")
            try context.services.teaching.end(viewer: context.viewer, teacherID: id, studentID: nil)
            return Deletion(id: id)
        }
        root("Mutation", "leaveStudent") { arguments, context in
            let id = try arguments.requiredString("studentId")
            try context.services.teaching.end(viewer: context.viewer, teacherID: nil, studentID: id)
            return Deletion(id: id)
        }
        root("Mutation", "assignPlanItem") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.teaching.assign(
                viewer: context.viewer, studentID: arguments.requiredString("studentId"), clientID: input.string("id"),
                requestHash: arguments.hash("input"), draft: Self.planDraft(input))
        }
        root("Mutation", "withdrawAssignment") { arguments, context in
            let id = try arguments.requiredString("id")
            try context.services.teaching.withdraw(viewer: context.viewer, planItemID: id)
            return Deletion(id: id)
        }
        root("Mutation", "declinePlanItem") { arguments, context in
            try context.services.plans.setDeclined(
                viewer: context.viewer, id: arguments.requiredString("id"), declined: arguments.bool("declined") ?? true)
        }
        root("Mutation", "addComment") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.teaching.comment(
                viewer: context.viewer, clientID: input.string("id"), logID: input.string("logId"), sessionID: input.string("sessionId"),
                teacherID: input.string("teacherId"), body: input.requiredString("body"))
        }
        root("Mutation", "deleteComment") { arguments, context in
            let id = try arguments.requiredString("id")
            try context.services.teaching.deleteComment(viewer: context.viewer, id: id)
            return Deletion(id: id)
        }
    }

    /// `Student`'s fields: each reads inside `TeachingService.read`, so each checks the
    /// relationship and its scope in the transaction of its read.
    private mutating func registerStudentFields() {
        typealias S = TeacherShare
        field("Student", "id", of: S.self) { $0.studentID }
        field("Student", "contact", of: S.self) { share, _, context in try Self.contact(share.studentID, context) }
        field("Student", "since", of: S.self) { $0.createdAt }
        field("Student", "scopes", of: S.self) { $0.scopes.scopes.map(\.name) }
        field("Student", "lastPracticeDate", of: S.self) { share, _, context in try Self.summary(share, context).lastPracticeDay?.description }
        field("Student", "currentStreak", of: S.self) { share, _, context in try Self.summary(share, context).currentStreak }
        field("Student", "minutesThisWeek", of: S.self) { share, _, context in try Self.summary(share, context).secondsThisWeek / 60 }
        field("Student", "practiceLogs", of: S.self) { share, arguments, context in
            try context.services.teaching.read(viewer: context.viewer, studentID: share.studentID, scope: .logs) { access in
                let page = try context.services.logs.logs(of: access, filter: Self.logFilter(arguments), page: arguments.pageRequest())
                try Self.seed(access: access, pieceIDs: page.items.compactMap(\.sheetMusicID), context)
                if access.scopes.contains(.sessions) {
                    context.loaders.sessions.seed(try context.services.sessions.sessions(ids: page.items.compactMap(\.sessionID), of: access))
                }
                let planIDs = Set(page.items.compactMap(\.planItemID))
                if !planIDs.isEmpty {
                    context.loaders.planItems.seed(
                        Dictionary(try context.services.plans.items(of: access).filter { planIDs.contains($0.id) }.map { ($0.id, $0) },
                                   uniquingKeysWith: { first, _ in first }))
                }
                return Connection(page: page)
            }
        }
        field("Student", "practiceSessions", of: S.self) { share, arguments, context in
            try context.services.teaching.read(viewer: context.viewer, studentID: share.studentID, scope: .sessions) { access in
                let page = try context.services.sessions.sessions(
                    of: access, instrument: arguments.enumeration("instrument"), from: arguments.timestamp("from"),
                    to: arguments.timestamp("to"), page: arguments.pageRequest())
                let ids = page.items.map(\.id)
                context.loaders.sessions.seed(Dictionary(page.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
                // The sessions' logs only when logs are shared too; else each session lists none.
                let logs = access.scopes.contains(.logs) ? try context.services.logs.logs(sessionIDs: ids, of: access) : [:]
                context.loaders.sessionLogs.seed(Dictionary(uniqueKeysWithValues: ids.map { ($0, logs[$0] ?? []) }))
                try Self.seed(
                    access: access, pieceIDs: page.items.compactMap(\.sheetMusicID) + logs.values.joined().compactMap(\.sheetMusicID), context)
                return Connection(page: page)
            }
        }
        field("Student", "progress", of: S.self) { share, arguments, context in
            try context.services.teaching.read(viewer: context.viewer, studentID: share.studentID, scope: .progress) { access in
                try context.services.progress.overview(of: access, instrument: arguments.enumeration("instrument"))
            }
        }
        field("Student", "statistics", of: S.self) { share, arguments, context in
            try context.services.teaching.read(viewer: context.viewer, studentID: share.studentID, scope: .progress) { access in
                let statistics = try context.services.progress.statistics(
                    of: access, from: arguments.requiredString("from"), to: arguments.requiredString("to"),
                    instrument: arguments.enumeration("instrument"), grouping: arguments.enumeration("groupBy") ?? .day)
                try Self.seed(access: access, pieceIDs: statistics.pieces.map(\.sheetMusicID), context)
                return statistics
            }
        }
        field("Student", "repertoire", of: S.self) { share, arguments, context in
            try context.services.teaching.read(viewer: context.viewer, studentID: share.studentID, scope: .repertoire) { access in
                let page = try context.services.repertoire.repertoire(
                    of: access, status: arguments.enumeration("status"), instrument: arguments.enumeration("instrument"),
                    order: arguments.enumeration("orderBy") ?? .statusChanged, page: arguments.pageRequest())
                let ids = page.items.map(\.sheetMusicID)
                try Self.seed(access: access, pieceIDs: ids, context)
                let histories = try context.services.repertoire.histories(of: access, sheetMusicIDs: ids)
                context.loaders.repertoireHistory.seed(Dictionary(uniqueKeysWithValues: ids.map { ($0, histories[$0] ?? []) }))
                return Connection(page: page)
            }
        }
        field("Student", "planDays", of: S.self) { share, arguments, context in
            try context.services.teaching.read(viewer: context.viewer, studentID: share.studentID, scope: nil) { access in
                let days = try context.services.plans.days(of: access, from: arguments.requiredString("from"), through: arguments.requiredString("to"))
                try Self.seed(access: access, pieceIDs: days.flatMap { $0.items.compactMap(\.item.sheetMusicID) }, context)
                return days
            }
        }
        field("Student", "assignments", of: S.self) { share, _, context in
            try context.services.teaching.read(viewer: context.viewer, studentID: share.studentID, scope: nil) { access in
                let teacherID = access.teacherID
                let items = try context.services.plans.items(of: access).filter { $0.assignedBy == teacherID }
                try Self.seed(access: access, pieceIDs: items.compactMap(\.sheetMusicID), context)
                return items
            }
        }
    }

    private mutating func registerTeachingTypes() {
        field("Contact", "id", of: Contact.self) { $0.user.id }
        field("Contact", "displayName", of: Contact.self) { $0.user.displayName }
        field("Contact", "email", of: Contact.self) { $0.user.email }

        typealias T = TeacherShare
        field("TeacherShare", "teacher", of: T.self) { share, _, context in try Self.contact(share.teacherID, context) }
        field("TeacherShare", "student", of: T.self) { share, _, context in try Self.contact(share.studentID, context) }
        field("TeacherShare", "scopes", of: T.self) { $0.scopes.scopes.map(\.name) }
        field("TeacherShare", "since", of: T.self) { $0.createdAt }
        field("TeacherShare", "updatedAt", of: T.self) { $0.updatedAt }

        field("TeacherInvite", "id", of: InviteView.self) { $0.invite.id }
        field("TeacherInvite", "code", of: InviteView.self) { $0.code }
        field("TeacherInvite", "email", of: InviteView.self) { $0.invite.email }
        field("TeacherInvite", "scopes", of: InviteView.self) { $0.invite.scopes.scopes.map(\.name) }
        field("TeacherInvite", "createdAt", of: InviteView.self) { $0.invite.createdAt }
        field("TeacherInvite", "expiresAt", of: InviteView.self) { $0.invite.expiresAt }

        typealias C = Comment
        field("Comment", "id", of: C.self) { $0.id }
        field("Comment", "body", of: C.self) { $0.body }
        field("Comment", "author", of: C.self) { comment, _, context in try Self.contact(comment.authorID, context) }
        field("Comment", "fromTeacher", of: C.self) { $0.authorID == $0.teacherID }
        field("Comment", "teacher", of: C.self) { comment, _, context in try Self.contact(comment.teacherID, context) }
        field("Comment", "logId", of: C.self) { $0.logID }
        field("Comment", "sessionId", of: C.self) { $0.sessionID }
        field("Comment", "createdAt", of: C.self) { $0.createdAt }

        field("PlanItem", "assignedBy", of: PlanItem.self) { item, _, context in
            try item.assignedBy.flatMap { try context.loaders.users.value(for: $0) }.map(Contact.init)
        }
        field("PlanItem", "declinedAt", of: PlanItem.self) { $0.declinedAt }
    }

    /// The other side of a relationship the viewer is in (the caller has established that).
    private static func contact(_ userID: String, _ context: RequestContext) throws -> Contact {
        guard let user = try context.loaders.users.value(for: userID) else {
            throw APIError(.notFound, "The account no longer exists.")
        }
        return Contact(user: user)
    }

    /// A student's summary from the list's one batched read; when it is missing, the check run
    /// again for this student says why (not a student any more: NOT_FOUND; progress not shared:
    /// FORBIDDEN).
    private static func summary(_ share: TeacherShare, _ context: RequestContext) throws -> PracticeSummary {
        if let summary = try context.loaders.studentSummaries.value(for: share.studentID) { return summary }
        return try context.services.teaching.read(viewer: context.viewer, studentID: share.studentID, scope: .progress) { access in
            try context.services.progress.summary(of: access)
        }
    }

    /// Gives the viewer's piece loader what the student sees of these pieces (their own pieces
    /// too), read inside the same check.
    private static func seed(access: ReadAccess, pieceIDs: [String], _ context: RequestContext) throws {
        guard !pieceIDs.isEmpty else { return }
        context.loaders.pieces.seed(try context.services.sheetMusic.pieces(ids: pieceIDs, of: access))
    }
}
