import Domain

/// SQL for `practice_logs`, always scoped to one user; practice notes are encrypted at rest.
public struct LogStore: Sendable {
    private let database: Database
    /// Seals and opens practice notes (`log(_:)` opens them).
    let cipher: FieldCipher
    /// The column the notes are sealed for.
    static let notesColumn = "practice_logs.practice_notes"

    /// Creates the store over a connection.
    public init(database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// The selected columns (`log(_:)` reads them by name; `insert` writes them in this order).
    static let columns = """
        id, user_id, session_id, sheet_music_id, activity_type, instrument, start_time, end_time, duration_seconds,
        composer, work_title, opus_number, movement_section, tempo_practiced, target_tempo, focus_areas, self_rating,
        accuracy_percentage, notes_played, notes_correct, practice_notes, audio_recording_url, created_at, updated_at,
        create_hash, local_day, plan_item_id
        """

    /// A log of the user by id.
    public func find(id: String, userID: String) throws -> PracticeLog? {
        try database.first("SELECT \(Self.columns) FROM practice_logs WHERE id = ? AND user_id = ?", [.text(id), .text(userID)], log)
    }

    /// Logs of the user by id (one statement for any number).
    public func find(ids: [String], userID: String) throws -> [String: PracticeLog] {
        guard !ids.isEmpty else { return [:] }
        let logs = try database.query(
            "SELECT \(Self.columns) FROM practice_logs WHERE id IN (SELECT value FROM json_each(?)) AND user_id = ?",
            [.list(ids), .text(userID)], log)
        return Dictionary(logs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether any user has a log with this id.
    public func exists(id: String) throws -> Bool {
        try database.first("SELECT 1 FROM practice_logs WHERE id = ?", [.text(id)]) { _ in true } ?? false
    }

    /// The logs of sessions, oldest first, grouped by session id (one statement for any number).
    /// `+user_id` keeps the planner off the per-user indexes, which would walk the user's whole
    /// history; the session index finds just these logs.
    public func logs(sessionIDs: [String], userID: String) throws -> [String: [PracticeLog]] {
        guard !sessionIDs.isEmpty else { return [:] }
        let logs = try database.query(
            """
            SELECT \(Self.columns) FROM practice_logs
            WHERE +user_id = ? AND session_id IN (SELECT value FROM json_each(?)) ORDER BY start_time, id
            """, [.text(userID), .list(sessionIDs)], log)
        return Dictionary(grouping: logs) { $0.sessionID ?? "" }
    }

    /// A page of the user's logs, newest first.
    public func list(userID: String, filter: LogFilter, limit: Int, start: PageStart) throws -> Page<PracticeLog> {
        var condition = "user_id = ?"
        var parameters: [SQLValue] = [.text(userID)]
        func require(_ clause: String, _ value: SQLValue?) {
            guard let value, value != .null else { return }
            condition += " AND " + clause
            parameters.append(value)
        }
        require("activity_type = ?", .text(filter.activityType?.rawValue))
        require("instrument = ?", .text(filter.instrument?.rawValue))
        require("sheet_music_id = ?", .text(filter.sheetMusicID))
        require("start_time >= ?", .text(filter.from?.iso8601))
        require("start_time < ?", .text(filter.to?.iso8601))
        return try database.page(
            columns: Self.columns, from: "practice_logs", where: condition, parameters, order: Self.order, start: start, limit: limit,
            map: log)
    }

    /// The logbook's order: newest first, ties broken by id.
    public static let order = ListOrder(["start_time", "id"], descending: true)

    /// Inserts a log.
    public func insert(_ log: PracticeLog) throws {
        try database.send(
            "INSERT INTO practice_logs (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values(log))
    }

    /// Writes every column of an existing log.
    public func update(_ log: PracticeLog) throws {
        let names = Self.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.dropFirst(2)
        let values = values(log)
        try database.run(
            "UPDATE practice_logs SET \(names.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ? AND user_id = ?",
            Array(values.dropFirst(2)) + [values[0], values[1]])
    }

    /// Moves a log's `updatedAt` when something attached to it changed (a recording): its change
    /// trigger then puts it in the change feed.
    public func touch(id: String, userID: String, updatedAt: Timestamp) throws {
        try database.send("UPDATE practice_logs SET updated_at = ? WHERE id = ? AND user_id = ?", [.text(updatedAt.iso8601), .text(id), .text(userID)])
    }

    /// Deletes a log of the user; answers whether it existed.
    public func delete(id: String, userID: String) throws -> Bool {
        try database.run("DELETE FROM practice_logs WHERE id = ? AND user_id = ?", [.text(id), .text(userID)]) > 0
    }

    /// Totals of a session's logs: count, count with a duration, notes played and correct,
    /// and the duration-weighted mean accuracy. `+user_id` keeps the planner on the session index:
    /// left to itself it searches by the user and walks their whole history.
    public func sessionTotals(sessionID: String, userID: String) throws -> (logs: Int, timed: Int, played: Int, correct: Int, weightedAccuracy: Double?) {
        try database.first(
            """
            SELECT count(*) AS logs, count(CASE WHEN duration_seconds > 0 THEN 1 END) AS timed,
              coalesce(sum(notes_played), 0) AS played, coalesce(sum(notes_correct), 0) AS correct,
              sum(accuracy_percentage * max(coalesce(duration_seconds, 0), 1)) / sum(CASE WHEN accuracy_percentage IS NOT NULL THEN max(coalesce(duration_seconds, 0), 1) END)
                AS weighted_accuracy
            FROM practice_logs WHERE session_id = ? AND +user_id = ?
            """, [.text(sessionID), .text(userID)]
        ) { row in
            (try row.number("logs"), try row.number("timed"), try row.number("played"), try row.number("correct"),
             // NULL when no log has an accuracy.
             try row.optionalDouble("weighted_accuracy"))
        } ?? (0, 0, 0, 0, nil)
    }

    private func values(_ log: PracticeLog) -> [SQLValue] {
        [.text(log.id), .text(log.userID), .text(log.sessionID), .text(log.sheetMusicID), .text(log.activityType.rawValue),
         .text(log.instrument.rawValue), .text(log.startedAt.iso8601), .text(log.endedAt?.iso8601), .integer(log.durationSeconds),
         .text(log.composer), .text(log.workTitle), .text(log.opusNumber), .text(log.movementSection),
         .integer(log.tempoPracticed), .integer(log.targetTempo),
         .text(JSONWriter.string(.array(log.focusAreas.map { .string($0.rawValue) }))), .integer(log.selfRating),
         .real(log.accuracy), .integer(log.notesPlayed), .integer(log.notesCorrect),
         .text(log.practiceNotes.map { cipher.seal($0, column: Self.notesColumn) }), .text(log.audioRecordingURL),
         .text(log.createdAt.iso8601), .text(log.updatedAt.iso8601), .text(log.createHash), .text(log.localDay),
         .text(log.planItemID)]
    }
}

extension FocusArea {
    /// Focus areas from a stored JSON array; unknown entries are skipped.
    static func list(fromJSON text: String?) -> [FocusArea] {
        guard let text, let array = (try? JSONParser.parse(text))?.arrayValue else { return [] }
        return array.compactMap { $0.stringValue.flatMap(FocusArea.init(rawValue:)) }
    }
}

import Foundation
