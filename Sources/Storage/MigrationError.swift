/// Why a database cannot be brought to the schema this binary expects.
public enum MigrationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An applied migration's file differs from what was applied.
    case changedAfterApply(version: Int, name: String)
    /// The database has a migration this binary does not know: it was migrated by a newer build.
    case unknownApplied(version: Int, name: String)
    /// Two migration files share a version number.
    case duplicateVersion(Int)
    /// A migration's script failed; nothing of it was applied.
    case failed(version: Int, name: String, reason: String)

    public var description: String {
        switch self {
        case .changedAfterApply(let version, let name):
            "migration \(version) (\(name)) was changed after it was applied; migrations are forward-only: add a new file instead"
        case .unknownApplied(let version, let name):
            "the database has migration \(version) (\(name)), which this build does not have; use a newer mirubato"
        case .duplicateVersion(let version):
            "two migrations are numbered \(version)"
        case .failed(let version, let name, let reason):
            "migration \(version) (\(name)) failed and was rolled back: \(reason)"
        }
    }
}
