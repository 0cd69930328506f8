/// An accepted relationship: `teacherID` may read what `scopes` names of `studentID`'s practice,
/// as stored in `teacher_shares`.
public struct TeacherShare: Sendable, Equatable {
    /// The student, who shares.
    public var studentID: String
    /// The teacher, who reads.
    public var teacherID: String
    /// What is shared.
    public var scopes: ShareScopes
    /// When the teacher accepted.
    public var createdAt: Timestamp
    /// When the scopes last changed.
    public var updatedAt: Timestamp

    /// A relationship with every field.
    public init(studentID: String, teacherID: String, scopes: ShareScopes, createdAt: Timestamp, updatedAt: Timestamp) {
        (self.studentID, self.teacherID, self.scopes, self.createdAt, self.updatedAt) = (studentID, teacherID, scopes, createdAt, updatedAt)
    }
}

/// A student's invitation to a teacher, as stored in `teacher_invites` (the code itself only as
/// its hash: it is shown once, when made).
public struct TeacherInvite: Sendable, Equatable {
    /// Identifier.
    public var id: String
    /// The student who invites.
    public var studentID: String
    /// The address it was mailed to; nil for an invite by code only.
    public var email: String?
    /// What the teacher will see once they accept.
    public var scopes: ShareScopes
    /// When it was made.
    public var createdAt: Timestamp
    /// When it stops working.
    public var expiresAt: Timestamp
    /// When a teacher accepted it (it then works no more).
    public var acceptedAt: Timestamp?

    /// An invite with every field.
    public init(id: String, studentID: String, email: String?, scopes: ShareScopes, createdAt: Timestamp, expiresAt: Timestamp, acceptedAt: Timestamp?) {
        (self.id, self.studentID, self.email, self.scopes) = (id, studentID, email, scopes)
        (self.createdAt, self.expiresAt, self.acceptedAt) = (createdAt, expiresAt, acceptedAt)
    }
}

/// A comment in the thread between a student and one of their teachers on one of the student's
/// logs or sessions, as stored in `comments` (the body in clear text here, sealed at rest).
public struct Comment: Sendable, Equatable {
    /// Identifier.
    public var id: String
    /// The student whose log or session it is on.
    public var studentID: String
    /// The teacher of the thread.
    public var teacherID: String
    /// Who wrote it: the student or the teacher.
    public var authorID: String
    /// The log it is on, or nil for a session.
    public var logID: String?
    /// The session it is on, or nil for a log.
    public var sessionID: String?
    /// What was written (1–2,000 characters).
    public var body: String
    /// When it was written.
    public var createdAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp

    /// A comment with every field.
    public init(
        id: String, studentID: String, teacherID: String, authorID: String, logID: String?, sessionID: String?, body: String,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        (self.id, self.studentID, self.teacherID, self.authorID, self.logID, self.sessionID) = (id, studentID, teacherID, authorID, logID, sessionID)
        (self.body, self.createdAt, self.updatedAt) = (body, createdAt, updatedAt)
    }
}

/// What a comment is on.
public enum CommentSubject: Sendable {
    case log, session
}
