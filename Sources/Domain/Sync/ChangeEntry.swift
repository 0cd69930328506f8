/// One row of a user's change feed: the latest change of one entity, numbered in commit order.
public struct ChangeEntry: Sendable, Equatable {
    /// Its number in the user's feed.
    public var seq: Int64
    /// What kind of record changed.
    public var entity: ChangedEntity
    /// The record's id (a piece's id for repertoire entries and piece progress).
    public var id: String
    /// Whether the record was deleted (a tombstone).
    public var deleted: Bool

    /// An entry with these values.
    public init(seq: Int64, entity: ChangedEntity, id: String, deleted: Bool) {
        (self.seq, self.entity, self.id, self.deleted) = (seq, entity, id, deleted)
    }
}
