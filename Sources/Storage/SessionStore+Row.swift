import Domain

extension SessionStore {
    /// Maps a row to a session by column name, decrypting its notes, so any SELECT of `columns`
    /// in any order maps the same. A column the SELECT lacks, NULL in a column the table declares
    /// NOT NULL, or a value outside the column's CHECK list is a `RowDecodingError`; the nullable
    /// columns the session needs a value for say their default here, once.
    func session(_ row: Row) throws -> PracticeSession {
        let startedAt = try row.instant("start_time")
        return PracticeSession(
            id: try row.text("id"), userID: try row.text("user_id"), instrument: try row.choice("instrument"),
            sheetMusicID: try row.optionalText("sheet_music_id"),
            // The table allows a session without a type; the API's default type is free practice.
            sessionType: try row.optionalChoice("session_type") ?? .freePractice,
            status: try row.choice("status"), startedAt: startedAt, pausedAt: try row.optionalInstant("paused_at"),
            endedAt: try row.optionalInstant("end_time"), pausedSeconds: try row.number("paused_seconds"),
            durationSeconds: try row.optionalNumber("duration_seconds"), notesAttempted: try row.number("notes_attempted"),
            notesCorrect: try row.number("notes_correct"), accuracy: try row.optionalDouble("accuracy_percentage"),
            // The exercise counts are nullable (the design's columns, DEFAULT 0): none counted is zero.
            totalExercises: try row.optionalNumber("total_exercises") ?? 0,
            completedExercises: try row.optionalNumber("completed_exercises") ?? 0,
            notes: try row.optionalText("notes").map { try cipher.open($0, column: Self.notesColumn) },
            sessionDate: try row.text("session_date"),
            // A session from before activity was recorded (migration 0003) was last active when it started.
            lastActivityAt: try row.optionalInstant("last_activity_at") ?? startedAt,
            createdAt: try row.instant("created_at"), updatedAt: try row.instant("updated_at"),
            createHash: try row.optionalText("create_hash"))
    }
}
