/// Where a piece stands in a musician's repertoire. Pieces usually move forward through
/// planned → learning → working → polished → performance-ready, but any move is allowed (a
/// polished piece goes back to working after a break; a dropped one can be picked up again).
public enum RepertoireStatus: String, NamedEnum {
    /// Chosen, not started.
    case planned
    /// Notes and fingerings being learned (a piece enters here when practice on it is first logged).
    case learning
    /// Played through; passages being worked on.
    case working
    /// Secure; musical details being refined.
    case polished
    /// Ready to perform.
    case performanceReady = "performance_ready"
    /// Set aside.
    case dropped
}
