import Domain
import Storage

extension UserService {
    /// The name of the export document inside an archive.
    public static let archiveDocument = "mirubato-export.json"

    /// Everything stored about the signed-in user as a zip archive: the `exportMyData` document
    /// as `mirubato-export.json` and each recording's audio as `recordings/ID.EXT`, read in one
    /// snapshot.
    public func exportArchive(viewer: Viewer) throws -> [UInt8] {
        let userID = try viewer.userID()
        let recordings = RecordingStore(database: database)
        return try database.transaction { _ in
            let document = try export(viewer: viewer)
            var entries: [(name: String, bytes: [UInt8])] = [(Self.archiveDocument, Array(JSONWriter.string(document).utf8))]
            for recording in try recordings.all(ownedBy: userID) {
                guard let bytes = try recordings.bytes(of: recording.id) else { continue }
                entries.append((Self.archivePath(of: recording.id, format: recording.format), bytes))
            }
            return ZipArchive.archive(entries)
        }
    }

    /// Reads an archive from `exportArchive` into the signed-in account: its document as
    /// `importData` does, and its recordings with their audio, each checked as an upload is (the
    /// format and length read again from the bytes, the file limit, the account's quota).
    /// Bad input changes nothing.
    public func importArchive(viewer: Viewer, archive: [UInt8]) throws -> ImportSummary {
        let userID = try viewer.userID()
        let files: [String: [UInt8]]
        do { files = try ZipArchive.entries(of: archive) } catch { throw APIError.invalid("archive", error.message) }
        guard let text = files[Self.archiveDocument],
              let document = try? JSONParser.parse(text, maxDepth: 64)
        else { throw APIError.invalid("archive", "The archive holds no \(Self.archiveDocument).") }
        return try importData(userID: userID, document: document, files: files)
    }

    /// Stores the recordings an archive's document lists, inside the import's transaction.
    func importRecordings(
        _ document: JSONValue, files: [String: [UInt8]], userID: String, renamed: [String: String], summary: inout ImportSummary
    ) throws {
        guard let records = document["recordings"]?.arrayValue else { return }
        let recordings = RecordingStore(database: database)
        let logs = LogStore(database: database, cipher: cipher)
        var used = try recordings.bytesUsed(by: userID)
        for (index, record) in records.enumerated() {
            let field = "archive.recordings[\(index)]"
            guard let id = record["id"]?.stringValue, let oldLog = record["logId"]?.stringValue,
                  let format = record["format"]?.stringValue.flatMap({ AudioFormat(rawValue: $0.lowercased()) }),
                  let bytes = files[Self.archivePath(of: id, format: format)]
            else { throw APIError.invalid(field, "This recording's entry or its audio is missing from the archive.") }
            // Already imported (under its own id, or the one derived when another account had it).
            let derived = Self.importedID(id, for: userID)
            if try recordings.find(id: id, ownedBy: userID) != nil || recordings.find(id: derived, ownedBy: userID) != nil {
                summary.skipped += 1
                continue
            }
            let logID = try [renamed[oldLog], oldLog, Self.importedID(oldLog, for: userID)].compactMap { $0 }
                .first { try logs.find(id: $0, userID: userID) != nil }
            guard let logID else { throw APIError.invalid(field, "This recording belongs to a log the archive does not hold.") }
            let (probe, digest) = try RecordingService.inspect(bytes, limit: practice.recordingMaxBytes, field: field)
            used += bytes.count
            guard used <= practice.recordingQuotaBytes else {
                throw APIError(.quotaExceeded, "The archive's recordings would take more than your recordings may; nothing was imported.")
            }
            // An id another account uses is replaced, as for every imported record.
            let newID = try recordings.find(id: id) == nil ? id : derived
            let createdAt = record["createdAt"]?.stringValue.flatMap(Timestamp.init(iso8601:)) ?? clock.now()
            try recordings.insert(Recording(
                id: newID, userID: userID, logID: logID, format: probe.format, byteSize: bytes.count,
                durationMilliseconds: probe.durationMilliseconds, sha256: digest, createdAt: createdAt), bytes: bytes)
            summary.imported += 1
        }
    }

    static func archivePath(of id: String, format: AudioFormat) -> String {
        "recordings/\(id).\(format.fileExtension)"
    }
}
