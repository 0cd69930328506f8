import Domain
import Storage

/// Teacher mode: a student invites teachers and chooses what each may read; a teacher reads
/// their students' practice within that (`read`, the one check), assigns plan items and comments.
public struct TeachingService: Sendable {
    /// How long an invite works.
    public static let inviteLifetimeSeconds: Int64 = 7 * 86_400
    /// Characters of an invite code (Crockford's base 32: no I, L, O or U to misread).
    static let codeAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// Symbols of an invite code: 50 bits.
    static let codeLength = 10

    let database: Database
    let store: TeachingStore
    let comments: CommentStore
    let plans: PlanService
    let planItems: PlanStore
    let logs: LogStore
    let sessions: SessionStore
    let users: UserStore
    let outbox: OutboxStore
    let limiter: RateLimiter
    let settings: AuthSettings
    let clock: any Clock
    let random: any RandomSource

    /// Creates the service.
    public init(
        database: Database, cipher: FieldCipher, plans: PlanService, limiter: RateLimiter, settings: AuthSettings, clock: any Clock,
        random: any RandomSource
    ) {
        self.database = database
        store = TeachingStore(database: database)
        comments = CommentStore(database: database, cipher: cipher)
        self.plans = plans
        planItems = PlanStore(database: database)
        logs = LogStore(database: database, cipher: cipher)
        sessions = SessionStore(database: database, cipher: cipher)
        users = UserStore(database: database)
        outbox = OutboxStore(database: database, cipher: cipher)
        (self.limiter, self.settings, self.clock, self.random) = (limiter, settings, clock, random)
    }

    // MARK: The check

    /// Runs `body` with the viewer's access to a student's rows, inside one transaction that
    /// first checks the relationship and, when `scope` is given, that it is shared. Every read of
    /// another user's practice goes through here. A viewer who is no teacher of the student
    /// (never was, or no longer) gets `NOT_FOUND`, the same as for an unknown id, so teachers
    /// cannot find students who did not accept; a scope not shared is `FORBIDDEN`.
    public func read<T>(viewer: Viewer, studentID: String, scope: ShareScope?, _ body: (ReadAccess) throws -> T) throws -> T {
        let teacherID = try viewer.userID()
        return try database.readTransaction { _ in try body(checked(teacherID: teacherID, studentID: studentID, scope: scope)) }
    }

    /// The check itself, for `read` and for writes that run it inside their own transaction.
    func checked(teacherID: String, studentID: String, scope: ShareScope?) throws -> ReadAccess {
        guard let scopes = try store.scopes(teacherID: teacherID, studentIDs: [studentID])[studentID] else {
            throw Self.noStudent(field: "studentId")
        }
        if let scope, !scopes.contains(scope) {
            throw APIError(
                .forbidden, "This student does not share \(Self.describe(scope)) with you.", extensions: ["scope": .string(scope.name)])
        }
        return ReadAccess(studentID: studentID, teacherID: teacherID, scopes: scopes)
    }

    /// Runs `body` with the viewer's access to each student of theirs, in one transaction after
    /// one check of them all: the "my students" list.
    public func readEach<T>(viewer: Viewer, _ body: ([ReadAccess]) throws -> T) throws -> T {
        let teacherID = try viewer.userID()
        return try database.readTransaction { _ in
            let scopes = try store.scopes(teacherID: teacherID, studentIDs: nil)
            return try body(scopes.sorted { $0.key < $1.key }.map { ReadAccess(studentID: $0.key, teacherID: teacherID, scopes: $0.value) })
        }
    }

    static func describe(_ scope: ShareScope) -> String {
        switch scope {
        case .logs: "practice logs"
        case .logNotes: "the notes of practice logs"
        case .sessions: "practice sessions"
        case .progress: "progress and statistics"
        case .repertoire: "the repertoire"
        case .plan: "the practice plan"
        }
    }

    // MARK: Relationships

    /// The student's teachers.
    public func teachers(viewer: Viewer) throws -> [TeacherShare] {
        try store.shares(studentID: viewer.userID())
    }

    /// The teacher's students (accepted relationships only).
    public func students(viewer: Viewer) throws -> [TeacherShare] {
        try store.shares(teacherID: viewer.userID())
    }

    /// The relationship with one student of the viewer, or `NOT_FOUND`.
    public func student(viewer: Viewer, id: String) throws -> TeacherShare {
        guard let share = try store.share(studentID: id, teacherID: viewer.userID()) else {
            throw Self.noStudent(field: "id")
        }
        return share
    }

    /// Changes what the student shares with one teacher.
    public func setScopes(viewer: Viewer, teacherID: String, scopes: [ShareScope]) throws -> TeacherShare {
        let studentID = try viewer.userID()
        return try database.transaction(lockingUsers: [studentID, teacherID]) { _ in
            guard var share = try store.share(studentID: studentID, teacherID: teacherID) else { throw Self.noTeacher }
            share.scopes = try Self.scopes(scopes)
            share.updatedAt = clock.now()
            try store.save(share)
            return share
        }
    }

    /// Ends a relationship from either side: the student ends a teacher's access, or a teacher
    /// leaves a student. From the commit on, the teacher reads nothing more of the student's.
    public func end(viewer: Viewer, teacherID: String?, studentID: String?) throws {
        let userID = try viewer.userID()
        let ended = try database.transaction(lockingUsers: [userID] + [teacherID ?? studentID].compactMap { $0 }) { _ in
            if let teacherID { try store.delete(studentID: userID, teacherID: teacherID) }
            else if let studentID { try store.delete(studentID: studentID, teacherID: userID) }
            else { false }
        }
        guard ended else { throw teacherID != nil ? Self.noTeacher : Self.noStudent(field: "studentId") }
    }

    /// Not a student of the viewer's, never or no longer: the same answer as for an unknown id.
    static func noStudent(field: String) -> APIError {
        APIError(.notFound, "No student with this id shares their practice with you.", extensions: ["field": .string(field)])
    }

    static let noTeacher = APIError(.notFound, "You do not share your practice with a teacher of this id.", extensions: ["field": .string("teacherId")])

    /// The set of `scopes`; logs' notes only come with the logs.
    static func scopes(_ scopes: [ShareScope]) throws -> ShareScopes {
        let set = ShareScopes(scopes)
        if set.contains(.logNotes), !set.contains(.logs) {
            throw APIError.invalid("scopes", "LOG_NOTES shares the notes of logs, so it needs LOGS too.")
        }
        return set
    }

    // MARK: Invites

    /// A new invite: its code (shown this once) and what it grants. With `email`, the teacher is
    /// also sent a link that accepts it. Inviting yourself or someone who already teaches you is
    /// refused.
    public func invite(viewer: Viewer, email: String?, scopes: [ShareScope]?) throws -> (invite: TeacherInvite, code: String) {
        let studentID = try viewer.userID()
        let address = try email.map { try EmailAddress($0, field: "email").value }
        let granted = try scopes.map(Self.scopes) ?? .standard
        guard let student = try users.find(id: studentID) else { throw APIError(.notFound, "The account no longer exists.") }
        if let address {
            if address == student.email { throw APIError.invalid("email", "You cannot be your own teacher; enter your teacher's address.") }
            if let teacher = try users.find(email: address), try store.share(studentID: studentID, teacherID: teacher.id) != nil {
                throw APIError(.conflict, "This teacher already sees your practice; change what they see instead.", extensions: ["field": .string("email")])
            }
        }
        try limiter.spend("invite", subject: studentID, budget: settings.invitesPerStudent)
        let code = String((0..<Self.codeLength).map { _ in Self.codeAlphabet[random.integer(below: Self.codeAlphabet.count)] })
        let now = clock.now()
        let invite = TeacherInvite(
            id: Nanoid.make(using: random), studentID: studentID, email: address, scopes: granted, createdAt: now,
            expiresAt: now.adding(seconds: Self.inviteLifetimeSeconds), acceptedAt: nil)
        try database.transaction(lockingUsers: [studentID]) { _ in
            try store.insert(invite, codeHash: SHA256.hex(code))
            if let address {
                let name = student.displayName ?? student.email
                let link = "\(settings.publicURL)/teaching?code=\(code)"
                let body = [
                    "\(name) would like you to follow their practice on Mirubato as their teacher.", "",
                    "Accept (sign in first if you have to): \(link)", "", "Or enter this code in Mirubato under Teaching: \(Self.formatted(code))", "",
                    "The invitation works once and until \(invite.expiresAt.iso8601.prefix(10)). If you do not know \(name), ignore this mail.",
                ]
                try outbox.enqueue(
                    id: Nanoid.make(using: random), recipient: address, subject: "\(name) invites you to follow their practice",
                    body: body.joined(separator: "\n"), expiresAt: invite.expiresAt, at: now)
            }
        }
        return (invite, Self.formatted(code))
    }

    /// The student's invites that can still be accepted.
    public func pendingInvites(viewer: Viewer) throws -> [TeacherInvite] {
        try store.pendingInvites(studentID: viewer.userID(), now: clock.now())
    }

    /// Withdraws an invite not yet accepted.
    public func cancelInvite(viewer: Viewer, id: String) throws {
        guard try store.deleteInvite(id: id, studentID: viewer.userID()) else {
            throw APIError(.notFound, "You have no open invite with this id.", extensions: ["field": .string("id")])
        }
    }

    /// Accepts an invite as its teacher: the relationship starts with the invite's scopes. Every
    /// attempt, right or wrong, spends the account's and the client address's code budgets first.
    public func accept(viewer: Viewer, code: String, clientAddress: String) throws -> TeacherShare {
        let teacherID = try viewer.userID()
        try limiter.spend("invite-code", subject: teacherID, budget: settings.inviteCodePerAccount)
        try limiter.spend("invite-code-client", subject: clientAddress, budget: settings.inviteCodePerClient)
        let unknown = APIError(.notFound, "This invite code is unknown or no longer works; ask for a new one.", extensions: ["field": .string("code")])
        guard let normalised = Self.normalised(code) else { throw unknown }
        // SERIALIZABLE, not a user's lock: the invite works once, but two teachers accepting one
        // code at once would each read it unaccepted (the student is not known until it is read).
        return try database.transaction { _ in
            guard let invite = try store.invite(codeHash: SHA256.hex(normalised)) else { throw unknown }
            let now = clock.now()
            if invite.acceptedAt != nil {
                throw APIError(.conflict, "This invite was already accepted; an invite works once.", extensions: ["field": .string("code")])
            }
            guard invite.expiresAt > now else {
                throw APIError(.badUserInput, "This invite expired; ask for a new one.", extensions: ["field": .string("code")])
            }
            guard invite.studentID != teacherID else {
                throw APIError.invalid("code", "This is your own invite: give it to your teacher.")
            }
            if try store.share(studentID: invite.studentID, teacherID: teacherID) != nil {
                throw APIError(.conflict, "You already follow this student's practice.", extensions: ["field": .string("code")])
            }
            guard try store.accept(inviteID: invite.id, teacherID: teacherID, at: now) else {
                throw APIError(.conflict, "This invite was already accepted; an invite works once.", extensions: ["field": .string("code")])
            }
            let share = TeacherShare(studentID: invite.studentID, teacherID: teacherID, scopes: invite.scopes, createdAt: now, updatedAt: now)
            try store.save(share)
            return share
        }
    }

    /// `XXXXX-XXXXX`.
    static func formatted(_ code: String) -> String {
        "\(code.prefix(5))-\(code.dropFirst(5))"
    }

    /// A typed code in canonical form (case, spaces and dashes ignored; O read as 0, I and L as
    /// 1), or nil when it cannot be one.
    static func normalised(_ text: String) -> String? {
        var code = ""
        for character in text.uppercased() where !" -\t".contains(character) {
            let mapped: Character = switch character {
            case "O": "0"
            case "I", "L": "1"
            default: character
            }
            guard codeAlphabet.contains(mapped), code.count < codeLength else { return nil }
            code.append(mapped)
        }
        return code.count == codeLength ? code : nil
    }
}
