import Domain

extension LogStore {
    /// Maps a row to a log by column name, decrypting its notes, so any SELECT of `columns` in
    /// any order maps the same. A column the SELECT lacks, NULL in a column the table declares
    /// NOT NULL, or a value outside the column's CHECK list is a `RowDecodingError`; every
    /// nullable column is optional in the log.
    func log(_ row: Row) throws -> PracticeLog {
        var log = PracticeLog(
            id: try row.text("id"), userID: try row.text("user_id"), activityType: try row.choice("activity_type"),
            instrument: try row.choice("instrument"), startedAt: try row.instant("start_time"), createdAt: try row.instant("created_at"))
        log.sessionID = try row.optionalText("session_id")
        log.sheetMusicID = try row.optionalText("sheet_music_id")
        log.endedAt = try row.optionalInstant("end_time")
        log.durationSeconds = try row.optionalNumber("duration_seconds")
        log.composer = try row.optionalText("composer")
        log.workTitle = try row.optionalText("work_title")
        log.opusNumber = try row.optionalText("opus_number")
        log.movementSection = try row.optionalText("movement_section")
        log.tempoPracticed = try row.optionalNumber("tempo_practiced")
        log.targetTempo = try row.optionalNumber("target_tempo")
        // No stored list is no focus areas.
        log.focusAreas = FocusArea.list(fromJSON: try row.optionalText("focus_areas"))
        log.selfRating = try row.optionalNumber("self_rating")
        log.accuracy = try row.optionalDouble("accuracy_percentage")
        log.notesPlayed = try row.optionalNumber("notes_played")
        log.notesCorrect = try row.optionalNumber("notes_correct")
        log.practiceNotes = try row.optionalText("practice_notes").map { try cipher.open($0, column: Self.notesColumn) }
        log.audioRecordingURL = try row.optionalText("audio_recording_url")
        log.updatedAt = try row.instant("updated_at")
        log.createHash = try row.optionalText("create_hash")
        log.localDay = try row.optionalText("local_day")
        log.planItemID = try row.optionalText("plan_item_id")
        return log
    }
}
