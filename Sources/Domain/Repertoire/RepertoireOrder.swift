/// How `myRepertoire` orders its pieces; each order ends with the piece id, so it is total.
public enum RepertoireOrder: String, NamedEnum {
    /// The latest status change first.
    case statusChanged = "status_changed"
    /// By title, A to Z.
    case title
    /// The most recently practised first; never-practised pieces last.
    case lastPracticed = "last_practiced"
}
