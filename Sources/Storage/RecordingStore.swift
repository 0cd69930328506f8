import Domain

/// SQL for `recordings` and their bytes in `recording_chunks`.
public struct RecordingStore: Sendable {
    /// The most bytes one chunk row holds: small enough that reading a recording back never needs
    /// one large allocation per row, large enough that a 50 MiB file is 50 rows.
    public static let chunkSize = 1 << 20
    private let database: Database

    /// Creates the store over a connection.
    public init(database: Database) {
        self.database = database
    }

    /// A recording by id, if `userID` owns it.
    public func find(id: String, ownedBy userID: String) throws -> Recording? {
        try database.first("SELECT \(Self.columns) FROM recordings WHERE id = ? AND user_id = ?", [.text(id), .text(userID)], recording)
    }

    /// A recording by id, whoever's (the playback link's signature names it).
    public func find(id: String) throws -> Recording? {
        try database.first("SELECT \(Self.columns) FROM recordings WHERE id = ?", [.text(id)], recording)
    }

    /// The recordings of the logs `logIDs`, oldest first, by log id.
    public func recordings(ofLogs logIDs: [String]) throws -> [String: [Recording]] {
        guard !logIDs.isEmpty else { return [:] }
        let found = try database.query(
            "SELECT \(Self.columns) FROM recordings WHERE log_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id",
            [.list(logIDs)], recording)
        return Dictionary(grouping: found, by: \.logID)
    }

    /// Every recording of `userID`, oldest first.
    public func all(ownedBy userID: String) throws -> [Recording] {
        try database.query("SELECT \(Self.columns) FROM recordings WHERE user_id = ? ORDER BY created_at, id", [.text(userID)], recording)
    }

    /// The bytes all of `userID`'s recordings take.
    public func bytesUsed(by userID: String) throws -> Int {
        try database.first("SELECT coalesce(sum(byte_size), 0) FROM recordings WHERE user_id = ?", [.text(userID)]) { $0.integer(0) ?? 0 } ?? 0
    }

    /// Stores a recording and its bytes (in the caller's transaction, so both or neither are kept).
    public func insert(_ recording: Recording, bytes: [UInt8]) throws {
        try database.run(
            "INSERT INTO recordings (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(recording.id), .text(recording.userID), .text(recording.logID), .text(recording.format.rawValue),
             .integer(Int64(recording.byteSize)), .integer(Int64(recording.durationMilliseconds)), .text(recording.sha256),
             .text(recording.createdAt.iso8601)])
        for (seq, start) in stride(from: 0, to: bytes.count, by: Self.chunkSize).enumerated() {
            try database.send(
                "INSERT INTO recording_chunks (recording_id, seq, bytes) VALUES (?, ?, ?)",
                [.text(recording.id), .integer(Int64(seq)), .blob(Array(bytes[start..<min(start + Self.chunkSize, bytes.count)]))])
        }
    }

    /// The whole file of a recording, or nil when there is no such recording.
    public func bytes(of id: String) throws -> [UInt8]? {
        let chunks = try database.query("SELECT bytes FROM recording_chunks WHERE recording_id = ? ORDER BY seq", [.text(id)]) { $0.blob(0) ?? [] }
        return chunks.isEmpty ? nil : chunks.flatMap { $0 }
    }

    /// Every recording there is, with its stored audio's size (the repair's check), in id order.
    public func everyRecording() throws -> [(Recording, storedBytes: Int)] {
        try database.query(
            """
            SELECT \(Self.columns), (SELECT coalesce(sum(length(c.bytes)), 0) FROM recording_chunks c WHERE c.recording_id = recordings.id)
              AS stored FROM recordings ORDER BY id
            """) { row in (try recording(row), try row.number("stored")) }
    }

    /// The id and digest of every recording there is (what names its cached copy), without
    /// touching the audio.
    public func idsAndDigests() throws -> [(id: String, sha256: String)] {
        try database.query("SELECT id, sha256 FROM recordings") { (try $0.text("id"), try $0.text("sha256")) }
    }

    /// Deletes a recording and its bytes (the caller has checked whose it is).
    public func delete(id: String) throws {
        try database.run("DELETE FROM recordings WHERE id = ?", [.text(id)])
    }

    static let columns = "id, user_id, log_id, format, byte_size, duration_ms, sha256, created_at"

    private func recording(_ row: Row) throws -> Recording {
        let format = try row.text("format")
        guard let audio = AudioFormat(rawValue: format) else { throw RowDecodingError(column: "format", problem: "not an audio format") }
        return Recording(
            id: try row.text("id"), userID: try row.text("user_id"), logID: try row.text("log_id"), format: audio,
            byteSize: try row.number("byte_size"), durationMilliseconds: try row.number("duration_ms"), sha256: try row.text("sha256"),
            createdAt: try row.instant("created_at"))
    }
}
