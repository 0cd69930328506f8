import Domain

extension ResolverTable {
    /// Root fields whose issues have not landed: each answers a clear `NOT_IMPLEMENTED` error,
    /// never made-up data. `SheetMusic.myProgress` needs the signed-in user, so it waits too.
    mutating func registerPending() {
        let pending: [(type: String, fields: [String], feature: String)] = [
            ("Query", ["myPracticeSessions", "practiceSession", "myPracticeLogs", "myPracticeTemplates", "myPieces"], "Practice tracking"),
            ("Query", ["myProgress", "myAchievements", "myGoals", "recommendedSheetMusic"], "Progress tracking"),
            ("Mutation", ["startPracticeSession", "pausePracticeSession", "resumePracticeSession", "completePracticeSession",
                          "abandonPracticeSession", "createPracticeLog", "updatePracticeLog", "deletePracticeLog",
                          "createPracticeTemplate", "updatePracticeTemplate", "deletePracticeTemplate", "updatePieceProgress"],
             "Practice tracking"),
            ("Mutation", ["createGoal", "updateGoal", "deleteGoal"], "Goals"),
            ("Subscription", ["practiceSessionUpdated", "achievementUnlocked"], "Subscriptions"),
        ]
        for group in pending {
            for name in group.fields {
                root(group.type, name) { _, _ in throw APIError.notImplemented("\(group.feature) (\(group.type).\(name))") }
            }
        }
        field("SheetMusic", "myProgress", of: SheetMusic.self) { _ in
            throw APIError.notImplemented("Practice tracking (SheetMusic.myProgress)")
        }
    }
}
