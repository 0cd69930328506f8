import Domain

extension ResolverTable {
    /// Root fields whose issues have not landed: each answers a clear `NOT_IMPLEMENTED` error,
    /// never made-up data.
    mutating func registerPending() {
        let pending: [(type: String, fields: [String], feature: String)] = [
            ("Query", ["myProgress", "myAchievements", "myGoals", "recommendedSheetMusic"], "Progress tracking"),
            ("Mutation", ["createGoal", "updateGoal", "deleteGoal"], "Goals"),
        ]
        for group in pending {
            for name in group.fields {
                root(group.type, name) { _, _ in throw APIError.notImplemented("\(group.feature) (\(group.type).\(name))") }
            }
        }
    }
}
