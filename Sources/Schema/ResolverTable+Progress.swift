import Domain
import Services

extension ResolverTable {
    /// Progress, achievements, goals, statistics and recommendations.
    mutating func registerProgress() {
        root("Query", "myProgress") { arguments, context in
            try context.services.progress.overview(viewer: context.viewer, instrument: arguments.enumeration("instrument"))
        }
        root("Query", "myAchievements") { _, context in try context.services.progress.achievements(viewer: context.viewer) }
        root("Query", "myGoals") { arguments, context in
            let goals = try context.services.goals.goals(viewer: context.viewer, includeCompleted: arguments.bool("includeCompleted") ?? true)
            context.loaders.pieces.prime(goals.compactMap(\.goal.sheetMusicID))
            return goals
        }
        root("Query", "recommendedSheetMusic") { arguments, context in
            let pieces = try context.services.progress.recommendations(
                viewer: context.viewer, instrument: arguments.requiredEnumeration("instrument"), limit: arguments.int("limit"))
            context.loaders.pieceProgress.prime(pieces.map(\.id))
            return pieces
        }
        registerGoalMutations()
        registerStatistics()
        registerRepertoire()
        registerPlans()
        registerTeaching()
        registerReminders()
        registerSync()
        registerProgressTypes()
        registerGoalTypes()
    }

    private mutating func registerGoalMutations() {
        root("Mutation", "createGoal") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            let draft = GoalService.Draft(
                type: try input.requiredEnumeration("type"), title: input.string("title"), target: input.int("target") ?? 0,
                sheetMusicID: input.string("sheetMusicId"), deadline: input.timestamp("deadline"))
            return try context.services.goals.create(
                viewer: context.viewer, clientID: input.string("id"), requestHash: arguments.hash("input"), draft: draft)
        }
        root("Mutation", "updateGoal") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.goals.update(
                viewer: context.viewer, id: arguments.requiredString("id"), title: input.string("title"), target: input.int("target"),
                deadline: input.timestampChange("deadline"))
        }
        root("Mutation", "deleteGoal") { arguments, context in
            let id = try arguments.requiredString("id")
            try context.services.goals.delete(viewer: context.viewer, id: id)
            return Deletion(id: id)
        }
    }

    private mutating func registerProgressTypes() {
        field("ProgressOverview", "instrument", of: ProgressOverview.self) { $0.instrument.name }
        field("ProgressOverview", "totalPracticeSeconds", of: ProgressOverview.self) { $0.totalPracticeSeconds }
        field("ProgressOverview", "currentStreak", of: ProgressOverview.self) { $0.currentStreak }
        field("ProgressOverview", "longestStreak", of: ProgressOverview.self) { $0.longestStreak }
        field("ProgressOverview", "lastPracticeDate", of: ProgressOverview.self) { $0.lastPracticeDay?.description }
        field("ProgressOverview", "level", of: ProgressOverview.self) { $0.level }
        field("ProgressOverview", "experiencePoints", of: ProgressOverview.self) { $0.experiencePoints }
        field("ProgressOverview", "nextLevelAt", of: ProgressOverview.self) { Experience.threshold(of: $0.level + 1) }
        field("ProgressOverview", "skillAreas", of: ProgressOverview.self) { $0.skillAreas }
        field("ProgressOverview", "dailySummaries", of: ProgressOverview.self) { $0.dailySummaries }
        field("ProgressOverview", "accuracyTrend", of: ProgressOverview.self) { $0.accuracyTrend }
        field("ProgressOverview", "tempoTrend", of: ProgressOverview.self) { $0.tempoTrend }
        field("ProgressOverview", "recentMilestones", of: ProgressOverview.self) { $0.recentMilestones }

        field("SkillProgress", "skillArea", of: AreaProgress.self) { $0.skillArea.name }
        field("SkillProgress", "level", of: AreaProgress.self) { $0.level }
        field("SkillProgress", "experiencePoints", of: AreaProgress.self) { $0.experiencePoints }
        field("SkillProgress", "nextLevelAt", of: AreaProgress.self) { Experience.threshold(of: $0.level + 1) }
        field("SkillProgress", "totalPracticeSeconds", of: AreaProgress.self) { $0.totalPracticeSeconds }
        field("SkillProgress", "accuracyTrend", of: AreaProgress.self) { $0.accuracyTrend }
        field("SkillProgress", "speedTrend", of: AreaProgress.self) { $0.speedTrend }

        field("DailyPracticeSummary", "date", of: DailySummary.self) { $0.day.description }
        field("DailyPracticeSummary", "sessions", of: DailySummary.self) { $0.sessions }
        field("DailyPracticeSummary", "totalSeconds", of: DailySummary.self) { $0.totalSeconds }
        field("DailyPracticeSummary", "activities", of: DailySummary.self) { $0.activities }
        field("DailyPracticeSummary", "averageRating", of: DailySummary.self) { $0.averageRating }
        field("DailyPracticeSummary", "averageAccuracy", of: DailySummary.self) { $0.averageAccuracy }

        field("TrendPoint", "date", of: TrendPoint.self) { $0.day.description }
        field("TrendPoint", "value", of: TrendPoint.self) { $0.value }
        field("Milestone", "date", of: DatedMilestone.self) { $0.date }
        field("Milestone", "title", of: DatedMilestone.self) { $0.title }

        field("UserStats", "totalPracticeDays", of: UserStats.self) { $0.totalPracticeDays }
        field("UserStats", "totalPracticeSeconds", of: UserStats.self) { $0.totalPracticeSeconds }
        field("UserStats", "uniquePieces", of: UserStats.self) { $0.uniquePieces }
        field("UserStats", "averageSelfRating", of: UserStats.self) { $0.averageSelfRating }
        field("UserStats", "averageAccuracy", of: UserStats.self) { $0.averageAccuracy }
        field("UserStats", "currentStreak", of: UserStats.self) { $0.currentStreak }
        field("UserStats", "longestStreak", of: UserStats.self) { $0.longestStreak }
    }

    private mutating func registerGoalTypes() {
        field("Achievement", "id", of: AchievementStatus.self) { $0.achievement.id }
        field("Achievement", "title", of: AchievementStatus.self) { $0.achievement.title }
        field("Achievement", "description", of: AchievementStatus.self) { $0.achievement.description }
        field("Achievement", "unlocked", of: AchievementStatus.self) { $0.unlockedAt != nil }
        field("Achievement", "unlockedAt", of: AchievementStatus.self) { $0.unlockedAt }
        field("Achievement", "current", of: AchievementStatus.self) { $0.current }
        field("Achievement", "target", of: AchievementStatus.self) { $0.achievement.target }
        field("Achievement", "progress", of: AchievementStatus.self) { $0.progress }

        field("Goal", "id", of: GoalStatus.self) { $0.goal.id }
        field("Goal", "type", of: GoalStatus.self) { $0.goal.type.name }
        field("Goal", "title", of: GoalStatus.self) { $0.goal.title }
        field("Goal", "target", of: GoalStatus.self) { $0.goal.target }
        field("Goal", "current", of: GoalStatus.self) { $0.current }
        field("Goal", "progress", of: GoalStatus.self) { $0.progress }
        field("Goal", "sheetMusic", of: GoalStatus.self) { status, _, context in
            try status.goal.sheetMusicID.flatMap { try context.loaders.pieces.value(for: $0) }
        }
        field("Goal", "deadline", of: GoalStatus.self) { $0.goal.deadline }
        field("Goal", "completedAt", of: GoalStatus.self) { $0.goal.completedAt }
        field("Goal", "createdAt", of: GoalStatus.self) { $0.goal.createdAt }
    }
}
