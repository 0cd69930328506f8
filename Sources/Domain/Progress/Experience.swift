/// Experience points and levels. A log earns one point per whole minute practised, 5 more when
/// its accuracy is at least 90 %, and 5 more when it reaches its target tempo. Level L starts at
/// 50·L·(L−1) points: level 2 at 100, 3 at 300, 4 at 600, 5 at 1,000.
public enum Experience {
    /// Accuracy (percent) that earns the accuracy bonus.
    public static let accuracyBonusThreshold = 90.0
    /// Points of each bonus.
    public static let bonus = 5

    /// Points earned by one log.
    public static func points(seconds: Int?, accuracy: Double?, tempo: Int?, targetTempo: Int?) -> Int {
        var points = max(0, seconds ?? 0) / 60
        if let accuracy, accuracy >= accuracyBonusThreshold { points += bonus }
        if let tempo, let targetTempo, tempo >= targetTempo { points += bonus }
        return points
    }

    /// The points at which a level starts.
    public static func threshold(of level: Int) -> Int {
        50 * level * (level - 1)
    }

    /// The level reached with some points.
    public static func level(for points: Int) -> Int {
        var level = 1
        while threshold(of: level + 1) <= points { level += 1 }
        return level
    }
}
