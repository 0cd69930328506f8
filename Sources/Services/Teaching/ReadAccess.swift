import Domain

/// Whose rows a read may touch: the signed-in user's own, or a student's for a teacher inside
/// `TeachingService.read`, while the check of the relationship holds. Only the services make
/// one, so a resolver cannot read another user's rows by naming their id.
public struct ReadAccess: Sendable {
    /// The owner of the rows read.
    public let userID: String
    /// What of the owner's practice may be read (everything for their own).
    public let scopes: ShareScopes
    /// The teacher reading, or nil when the owner reads their own.
    public let teacherID: String?

    /// The viewer's access to their own rows, or the viewer's error (`UNAUTHENTICATED`).
    init(viewer: Viewer) throws {
        userID = try viewer.userID()
        scopes = ShareScopes(ShareScope.allCases)
        teacherID = nil
    }

    /// A teacher's access to a student's rows; made only by the check.
    init(studentID: String, teacherID: String, scopes: ShareScopes) {
        (userID, self.teacherID, self.scopes) = (studentID, teacherID, scopes)
    }
}
