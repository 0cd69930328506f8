import Domain
import Storage

extension TeachingService {
    /// The longest comment, in characters.
    public static let maxCommentLength = 2000

    // MARK: Assignments

    /// Adds an item to a student's plan, marked as assigned by the viewer. Any relationship
    /// allows it (the teacher sees the items they assigned even when the plan is not shared);
    /// checked in the write's own transaction, so an ending that commits first refuses it.
    public func assign(viewer: Viewer, studentID: String, clientID: String?, requestHash: String, draft: PlanItemDraft) throws -> PlanItem {
        let teacherID = try viewer.userID()
        return try database.transaction(lockingUsers: [studentID]) { _ in
            let access = try checked(teacherID: teacherID, studentID: studentID, scope: nil)
            return try plans.create(userID: access.userID, assignedBy: teacherID, clientID: clientID, requestHash: requestHash, draft: draft)
        }
    }

    /// Withdraws an item the viewer assigned to a student who still shares with them.
    public func withdraw(viewer: Viewer, planItemID: String) throws {
        let teacherID = try viewer.userID()
        let unknown = APIError(.notFound, "You assigned no plan item with this id.", extensions: ["field": .string("id")])
        // Whose plan it is decides whose rows to lock; inside, it is read again under the lock.
        guard let owner = try planItems.find(assignedBy: teacherID, id: planItemID)?.userID else { throw unknown }
        try database.transaction(lockingUsers: [owner]) { _ in
            guard let item = try planItems.find(assignedBy: teacherID, id: planItemID) else { throw unknown }
            _ = try checked(teacherID: teacherID, studentID: item.userID, scope: nil)
            guard try planItems.delete(id: item.id, userID: item.userID) else { throw unknown }
        }
    }

    // MARK: Comments

    /// Writes a comment on a log or session. The student writes on their own (to the thread
    /// with `teacherID`, who must still be shared it); a teacher on a student's that is shared
    /// with them. A log or session the viewer may not comment on is `NOT_FOUND`, whether or not
    /// it exists.
    public func comment(viewer: Viewer, clientID: String?, logID: String?, sessionID: String?, teacherID: String?, body: String) throws -> Comment {
        let userID = try viewer.userID()
        try PracticeRules.checkClientID(clientID)
        guard (logID == nil) != (sessionID == nil), let id = logID ?? sessionID else {
            throw APIError.invalid("input", "Give either logId or sessionId.")
        }
        try Self.checkComment(body)
        let subject: CommentSubject = logID != nil ? .log : .session
        let scope: ShareScope = subject == .log ? .logs : .sessions
        let field = subject == .log ? "logId" : "sessionId"
        let unknown = APIError(.notFound, "No \(subject == .log ? "log" : "session") with this id is shared with you.", extensions: ["field": .string(field)])
        // A comment is in both sides' change feeds: both users' rows are locked (the log's owner
        // read first to know whom; it never changes).
        let ownerBefore = try store.owner(of: subject, id: id)
        return try database.transaction(lockingUsers: [userID] + [ownerBefore, teacherID].compactMap { $0 }) { _ in
            // A retry of a comment already written answers it; an id someone else used is refused.
            if let clientID, let stored = try comments.find(id: clientID) {
                guard stored.authorID == userID, stored.logID == logID, stored.sessionID == sessionID, stored.body == body else {
                    throw APIError(.conflict, "Another comment has this id.", extensions: ["field": .string("id")])
                }
                return stored
            }
            guard let owner = try store.owner(of: subject, id: id) else { throw unknown }
            let now = clock.now()
            var comment = Comment(
                id: clientID ?? Nanoid.make(using: random), studentID: owner, teacherID: userID, authorID: userID, logID: logID, sessionID: sessionID,
                body: body, createdAt: now, updatedAt: now)
            if owner == userID {
                guard let teacherID else { throw APIError.invalid("teacherId", "Name the teacher whose thread you reply to.") }
                guard let share = try store.share(studentID: userID, teacherID: teacherID) else { throw Self.noTeacher }
                guard share.scopes.contains(scope) else {
                    throw APIError(.forbidden, "You do not share \(Self.describe(scope)) with this teacher, so they could not read it.",
                                   extensions: ["scope": .string(scope.name)])
                }
                comment.teacherID = teacherID
            } else {
                do { _ = try checked(teacherID: userID, studentID: owner, scope: scope) } catch let error as APIError where error.code == .notFound {
                    throw unknown
                }
            }
            try comments.insert(comment)
            return comment
        }
    }

    /// Deletes a comment the viewer wrote.
    public func deleteComment(viewer: Viewer, id: String) throws {
        let authorID = try viewer.userID()
        let unknown = APIError(.notFound, "You wrote no comment with this id.", extensions: ["field": .string("id")])
        // Its tombstone goes to both sides' feeds: both users' rows are locked, in one order.
        guard let comment = try comments.find(id: id), comment.authorID == authorID else { throw unknown }
        try database.transaction(lockingUsers: [comment.studentID, comment.teacherID]) { _ in
            guard try comments.delete(id: id, authorID: authorID) else { throw unknown }
        }
    }

    /// The comments the viewer may read on logs or sessions, by their id: on their own, every
    /// thread; on a student's, their own thread while the student shares that part with them
    /// (checked once per student, in the read's transaction).
    public func comments(viewer: Viewer, on subject: CommentSubject, ids: [String]) throws -> [String: [Comment]] {
        let userID = try viewer.userID()
        let owners = try store.owners(of: subject, ids: ids)
        var found: [String: [Comment]] = [:]
        let scope: ShareScope = subject == .log ? .logs : .sessions
        for (owner, ids) in Dictionary(grouping: owners.keys.sorted(), by: { owners[$0]! }) {
            let threads: [String: [Comment]]
            if owner == userID {
                threads = try comments.comments(on: subject, ids: ids, studentID: owner, teacherID: nil)
            } else {
                do {
                    threads = try read(viewer: viewer, studentID: owner, scope: scope) { access in
                        try comments.comments(on: subject, ids: ids, studentID: access.userID, teacherID: userID)
                    }
                } catch let error as APIError where [.notFound, .forbidden].contains(error.code) {
                    // No longer shared: the thread is no longer the teacher's to read.
                    threads = [:]
                }
            }
            found.merge(threads) { first, _ in first }
        }
        return found
    }

    /// Comments by id as the change feed delivers them to `userID`.
    func comments(ids: [String], visibleTo userID: String) throws -> [Comment] {
        try comments.find(ids: ids, visibleTo: userID)
    }

    /// A comment's body: 1–2,000 characters, not only spaces, no control characters but tab and
    /// line breaks.
    static func checkComment(_ body: String) throws {
        guard !body.allSatisfy(\.isWhitespace) else { throw APIError.invalid("body", "Write something first.") }
        try PracticeRules.checkText("body", body, limit: maxCommentLength)
    }
}
