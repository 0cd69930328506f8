import Domain

/// Reads the per-user change feed that the `changes` triggers write (migration 0010): one row
/// per entity, its latest change, numbered in commit order by `change_heads`.
public struct ChangeStore: Sendable {
    let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// The user's feed position: the last number given, and the number up to which tombstones
    /// were pruned (a cursor before it has missed deletions).
    public func head(userID: String) throws -> (seq: Int64, prunedThrough: Int64) {
        try database.first("SELECT seq, pruned_through FROM change_heads WHERE user_id = ?", [.text(userID)]) {
            (Int64(try $0.number("seq")), Int64(try $0.number("pruned_through")))
        } ?? (0, 0)
    }

    /// The user's entries after `seq`, oldest first, at most `limit`.
    public func entries(userID: String, after seq: Int64, limit: Int) throws -> [ChangeEntry] {
        try database.query(
            "SELECT seq, entity, entity_id, deleted FROM changes WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            [.text(userID), .integer(seq), .integer(Int64(limit))]
        ) {
            ChangeEntry(seq: Int64(try $0.number("seq")), entity: try $0.choice("entity"), id: try $0.text("entity_id"), deleted: try $0.flag("deleted"))
        }
    }
}
