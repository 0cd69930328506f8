import Domain
import Storage

extension UserService {
    /// What an import did: rows written, and rows skipped because the account already had them
    /// (importing the same document twice changes nothing the second time).
    public struct ImportSummary: Sendable, Equatable {
        /// Rows written.
        public var imported = 0
        /// Rows the account already had.
        public var skipped = 0
    }

    /// Everything stored about the signed-in user as one `ExportFormat` document (GDPR export).
    public func export(viewer: Viewer) throws -> JSONValue {
        let id = try viewer.userID()
        // SERIALIZABLE (read only): one snapshot of every table; READ COMMITTED would read each
        // table at its own moment, and a write between two would tear the export.
        let tables = try database.transaction { _ in try ExportStore(database: database).rows(userID: id) }
        var document: [String: JSONValue] = [
            "format": .string(ExportFormat.format), "version": .integer(Int64(ExportFormat.version)),
            "exportedAt": .string(clock.now().iso8601),
        ]
        for section in ExportFormat.sections {
            let objects = try (tables[section.table] ?? []).map { row in
                var object: [String: JSONValue] = [:]
                for column in section.columns {
                    object[column.key] = try exported(row[column.column] ?? .null, column, table: section.table)
                }
                return JSONValue.object(object)
            }
            document[section.name] = section.table == "users" ? objects.first ?? .null : .array(objects)
        }
        return .object(document)
    }

    /// Reads an export into the signed-in account, in one transaction: the profile, sessions,
    /// logs, templates, pieces, goals and achievements; derived progress is then recomputed from
    /// them. A record the account already has (same id) is skipped; one whose id another
    /// account uses gets an id derived from this account's and the old one, so a second import
    /// of the same document skips it too. Bad input changes nothing.
    public func importData(viewer: Viewer, document: JSONValue) throws -> ImportSummary {
        try importData(userID: try viewer.userID(), document: document, files: nil)
    }

    /// `importData`, and with `files` (an archive's entries by name) the recordings too.
    func importData(userID: String, document: JSONValue, files: [String: [UInt8]]?) throws -> ImportSummary {
        guard document["format"]?.stringValue == ExportFormat.format, document["version"]?.integerValue == Int64(ExportFormat.version) else {
            throw APIError.invalid("document", "The document is not a \(ExportFormat.format) version \(ExportFormat.version) export.")
        }
        let store = ExportStore(database: database)
        return try database.transaction(lockingUsers: [userID]) { _ in
            var summary = ImportSummary()
            var renamed: [String: String] = [:]
            var pieces: Set<String> = []
            for section in ExportFormat.sections where section.role == .imported {
                let records: [JSONValue] = section.table == "users" ? [document[section.name] ?? .null].filter { $0 != .null }
                    : try Self.records(document, section)
                for (index, record) in records.enumerated() {
                    let field = section.table == "users" ? "document.\(section.name)" : "document.\(section.name)[\(index)]"
                    var values = try section.columns.map { ($0.column, try imported(record[$0.key] ?? .null, $0, table: section.table, field: field)) }
                    if section.table == "users" {
                        try store.updateUser(id: userID, values: values)
                        summary.imported += 1
                        continue
                    }
                    guard try place(&values, section: section, userID: userID, renamed: &renamed, store: store) else {
                        summary.skipped += 1
                        continue
                    }
                    if let piece = values.first(where: { $0.0 == "sheet_music_id" })?.1, case .text(let id) = piece { pieces.insert(id) }
                    do {
                        try store.insert(table: section.table, values: [("user_id", .text(userID))] + values)
                    } catch {
                        throw APIError.invalid(field, "This record cannot be imported: it refers to something that does not exist or breaks a rule of its kind.")
                    }
                    summary.imported += 1
                }
            }
            if let files { try importRecordings(document, files: files, userID: userID, renamed: renamed, summary: &summary) }
            // Imported pieces of the user's own get their search text and autocomplete terms.
            try SheetMusicStore(database: database).reindex(ownedBy: userID)
            let progress = PieceProgressStore(database: database, cipher: cipher, random: random)
            for piece in pieces.sorted() { try progress.refresh(sheetMusicID: piece, userID: userID) }
            try tracker.rebuild(userID: userID, now: clock.now())
            return summary
        }
    }

    /// The id a record whose id another account uses gets in `userID`'s: derived from both, so a
    /// second import of the same document finds it.
    static func importedID(_ id: String, for userID: String) -> String {
        Base64URL.encode(Array(SHA256.digest(Array("\(userID):\(id)".utf8)).prefix(15)))
    }

    private static func records(_ document: JSONValue, _ section: ExportFormat.Section) throws -> [JSONValue] {
        guard let value = document[section.name], value != .null else { return [] }
        guard let records = value.arrayValue, records.allSatisfy({ $0.objectValue != nil }) else {
            throw APIError.invalid("document.\(section.name)", "\(section.name) must be a list of objects.")
        }
        return records
    }

    /// Decides a record's key in this account: false when the account already has it. Ids used
    /// by another account are replaced, and references to replaced sessions and pieces follow.
    private func place(
        _ values: inout [(String, SQLValue)], section: ExportFormat.Section, userID: String, renamed: inout [String: String],
        store: ExportStore
    ) throws -> Bool {
        // References to renamed sessions, own pieces and plan items follow them.
        for (index, value) in values.enumerated() where ["session_id", "sheet_music_id", "plan_item_id"].contains(value.0) {
            if case .text(let id) = value.1, let replacement = renamed[id] { values[index].1 = .text(replacement) }
        }
        switch section.table {
        case "user_sheet_music_progress", "repertoire":
            if let piece = values.first(where: { $0.0 == "sheet_music_id" })?.1,
               try store.exists(table: section.table, userID: userID, column: "sheet_music_id", value: piece) { return false }
        case "user_achievements":
            if let achievement = values.first(where: { $0.0 == "achievement_id" })?.1,
               try store.exists(table: section.table, userID: userID, column: "achievement_id", value: achievement) { return false }
            return true
        default:
            break
        }
        guard let index = values.firstIndex(where: { $0.0 == "id" }), case .text(let id) = values[index].1 else { return true }
        let owner = try store.owner(table: section.table, id: id)
        if owner == userID { return false }
        guard owner != nil else { return true }
        let replacement = Self.importedID(id, for: userID)
        if try store.owner(table: section.table, id: replacement) == userID { return false }
        renamed[id] = replacement
        values[index].1 = .text(replacement)
        return true
    }
}
