import Domain
import Services

extension ResolverTable {
    /// `myStatistics` and its types.
    mutating func registerStatistics() {
        root("Query", "myStatistics") { arguments, context in
            let statistics = try context.services.progress.statistics(
                viewer: context.viewer, from: arguments.requiredString("from"), to: arguments.requiredString("to"),
                instrument: arguments.enumeration("instrument"), grouping: arguments.enumeration("groupBy") ?? .day)
            context.loaders.pieces.prime(statistics.pieces.map(\.sheetMusicID))
            return statistics
        }
        field("PracticeStatistics", "from", of: PracticeStatistics.self) { $0.first.description }
        field("PracticeStatistics", "to", of: PracticeStatistics.self) { $0.last.description }
        field("PracticeStatistics", "instrument", of: PracticeStatistics.self) { $0.instrument?.name }
        field("PracticeStatistics", "groupBy", of: PracticeStatistics.self) { $0.grouping.name }
        field("PracticeStatistics", "totalSeconds", of: PracticeStatistics.self) { $0.totals.seconds }
        field("PracticeStatistics", "totalLogs", of: PracticeStatistics.self) { $0.totals.logs }
        field("PracticeStatistics", "practiceDays", of: PracticeStatistics.self) { $0.totals.practiceDays }
        field("PracticeStatistics", "averageRating", of: PracticeStatistics.self) { $0.totals.averageRating }
        field("PracticeStatistics", "averageAccuracy", of: PracticeStatistics.self) { $0.totals.averageAccuracy }
        field("PracticeStatistics", "longestStreak", of: PracticeStatistics.self) { $0.longestStreak }
        field("PracticeStatistics", "streakAtEnd", of: PracticeStatistics.self) { $0.streakAtEnd }
        field("PracticeStatistics", "periods", of: PracticeStatistics.self) { $0.periods }
        field("PracticeStatistics", "activities", of: PracticeStatistics.self) { $0.activities }
        field("PracticeStatistics", "pieces", of: PracticeStatistics.self) { $0.pieces }
        field("PracticeStatistics", "pieceCount", of: PracticeStatistics.self) { $0.pieceCount }

        field("StatisticsPeriod", "from", of: PracticeStatistics.Period.self) { $0.first.description }
        field("StatisticsPeriod", "to", of: PracticeStatistics.Period.self) { $0.last.description }
        field("StatisticsPeriod", "totalSeconds", of: PracticeStatistics.Period.self) { $0.totals.seconds }
        field("StatisticsPeriod", "totalLogs", of: PracticeStatistics.Period.self) { $0.totals.logs }
        field("StatisticsPeriod", "practiceDays", of: PracticeStatistics.Period.self) { $0.totals.practiceDays }
        field("StatisticsPeriod", "averageRating", of: PracticeStatistics.Period.self) { $0.totals.averageRating }
        field("StatisticsPeriod", "averageAccuracy", of: PracticeStatistics.Period.self) { $0.totals.averageAccuracy }

        field("ActivityStatistics", "activityType", of: PracticeStatistics.ActivityShare.self) { $0.activity.name }
        field("ActivityStatistics", "totalSeconds", of: PracticeStatistics.ActivityShare.self) { $0.seconds }
        field("ActivityStatistics", "totalLogs", of: PracticeStatistics.ActivityShare.self) { $0.logs }

        field("PieceStatistics", "sheetMusicId", of: PracticeStatistics.PieceShare.self) { $0.sheetMusicID }
        field("PieceStatistics", "sheetMusic", of: PracticeStatistics.PieceShare.self) { share, _, context in
            try context.loaders.pieces.value(for: share.sheetMusicID)
        }
        field("PieceStatistics", "totalSeconds", of: PracticeStatistics.PieceShare.self) { $0.seconds }
        field("PieceStatistics", "totalLogs", of: PracticeStatistics.PieceShare.self) { $0.logs }
        field("PieceStatistics", "lastPracticed", of: PracticeStatistics.PieceShare.self) { $0.lastPracticed.description }
    }
}
