import Domain

/// The data-export document, `{"format": "mirubato-export", "version": 2, …}`: everything stored
/// about a user, in the API's own names and values, one section per kind of record. Keys are the
/// stored columns in camelCase, with the API's names where they differ (`startedAt`,
/// `accuracy`, `name`); enum values are upper-case as in the schema (`PIANO`, `FREE_PRACTICE`),
/// timestamps ISO-8601 in UTC, encrypted notes in clear text.
///
/// `importMyData` reads the imported sections back into the signed-in account; derived sections
/// are recomputed from them instead, and account sections describe the account it came from.
enum ExportFormat {
    static let format = "mirubato-export"
    static let version = 2

    /// What a section is to an import.
    enum Role { case imported, derived, account }

    /// How a column's values are written in the document; enumerations carry their API names
    /// by stored value.
    enum Kind {
        case plain, boolean, json, sealed
        /// A `ShareScopes` bit set, written as the list of its scopes' names.
        case shareScopes
        /// An ISO-8601 instant, stored in the canonical UTC form.
        case instant
        case enumeration([String: String])
        case enumerations([String: String])

        /// One value of `type`.
        static func one<Value: NamedEnum>(_ type: Value.Type) -> Kind { .enumeration(names(type)) }
        /// A list of values of `type`.
        static func list<Value: NamedEnum>(_ type: Value.Type) -> Kind { .enumerations(names(type)) }

        private static func names<Value: NamedEnum>(_ type: Value.Type) -> [String: String] {
            Dictionary(uniqueKeysWithValues: type.allCases.map { ($0.rawValue, $0.name) })
        }
    }

    /// One stored column and its key in the document.
    struct Column {
        let column: String
        let key: String
        let kind: Kind

        /// A column of `kind`; a plain column whose name says it holds an instant (`…_at`,
        /// `start_time`, `end_time`, `deadline`) is an instant.
        init(_ column: String, _ kind: Kind = .plain) {
            self.column = column
            let isInstant = column.hasSuffix("_at") || ["start_time", "end_time", "deadline"].contains(column)
            self.kind = if case .plain = kind, isInstant { .instant } else { kind }
            key = ExportFormat.renamed[column] ?? ExportFormat.camelCase(column)
        }
    }

    /// A section of the document: the table it holds rows of, and which columns.
    struct Section {
        let name: String
        let table: String
        let role: Role
        let columns: [Column]
    }

    /// Stored names whose API names are not their camelCase.
    static let renamed = [
        "start_time": "startedAt", "end_time": "endedAt", "accuracy_percentage": "accuracy", "template_name": "name",
    ]

    /// The sections, in the order an import writes them (sessions before the logs that refer to them).
    static let sections: [Section] = [
        Section(name: "profile", table: "users", role: .imported, columns: [
            Column("display_name"), Column("avatar_url"), Column("primary_instrument", .one(Instrument.self)),
            Column("skill_level", .one(SkillLevel.self)), Column("preferences", .json),
        ]),
        // The user's own pieces come first: sessions, logs, progress and the repertoire refer to them.
        Section(name: "sheetMusic", table: "sheet_music", role: .imported, columns: [
            Column("id"), Column("title"), Column("composer"), Column("opus"), Column("catalog_number"),
            Column("instrument", .one(Instrument.self)), Column("difficulty_level"), Column("grade_level"), Column("duration_seconds"),
            Column("time_signature"), Column("key_signature"), Column("tempo_marking"), Column("suggested_tempo"),
            Column("style_period", .one(StylePeriod.self)), Column("tags", .json), Column("source_type", .one(SourceType.self)),
            Column("created_at"), Column("updated_at"),
        ]),
        // Logs name the plan items they fulfil.
        Section(name: "planItems", table: "plan_items", role: .imported, columns: [
            Column("id"), Column("sheet_music_id"), Column("exercise"), Column("instrument", .one(Instrument.self)),
            Column("target_minutes"), Column("activity_type", .one(ActivityType.self)), Column("focus_areas", .list(FocusArea.self)),
            Column("target_tempo"), Column("notes"), Column("schedule", .one(PlanSchedule.Kind.self)), Column("every_days"),
            Column("weekdays"), Column("start_day"), Column("end_day"), Column("position"), Column("paused", .boolean),
            Column("skipped_days", .json), Column("created_at"), Column("updated_at"),
        ]),
        Section(name: "practiceSessions", table: "practice_sessions", role: .imported, columns: [
            Column("id"), Column("instrument", .one(Instrument.self)), Column("sheet_music_id"), Column("session_date"),
            Column("start_time"), Column("end_time"), Column("duration_seconds"), Column("session_type", .one(SessionType.self)),
            Column("status", .one(SessionStatus.self)), Column("paused_at"), Column("paused_seconds"), Column("total_exercises"),
            Column("completed_exercises"), Column("notes_attempted"), Column("notes_correct"), Column("accuracy_percentage"),
            Column("notes", .sealed), Column("created_at"), Column("updated_at"), Column("last_activity_at"),
        ]),
        Section(name: "practiceLogs", table: "practice_logs", role: .imported, columns: [
            Column("id"), Column("session_id"), Column("sheet_music_id"), Column("activity_type", .one(ActivityType.self)),
            Column("instrument", .one(Instrument.self)), Column("start_time"), Column("end_time"), Column("duration_seconds"),
            Column("composer"), Column("work_title"), Column("opus_number"), Column("movement_section"), Column("tempo_practiced"),
            Column("target_tempo"), Column("focus_areas", .list(FocusArea.self)), Column("self_rating"), Column("accuracy_percentage"),
            Column("notes_played"), Column("notes_correct"), Column("practice_notes", .sealed), Column("audio_recording_url"),
            Column("plan_item_id"), Column("created_at"), Column("updated_at"),
        ]),
        Section(name: "practiceTemplates", table: "practice_templates", role: .imported, columns: [
            Column("id"), Column("template_name"), Column("activity_type", .one(ActivityType.self)), Column("composer"), Column("work_title"),
            Column("opus_number"), Column("movement_section"), Column("tempo"), Column("focus_areas", .list(FocusArea.self)),
            Column("is_active", .boolean), Column("created_at"), Column("updated_at"),
        ]),
        Section(name: "pieces", table: "user_sheet_music_progress", role: .imported, columns: [
            Column("id"), Column("sheet_music_id"), Column("is_completed", .boolean), Column("is_starred", .boolean),
            Column("is_bookmarked", .boolean), Column("difficulty_rating"), Column("notes", .sealed),
            // Statistics of the piece's logs, recomputed on import.
            Column("first_attempted_at"), Column("last_attempted_at"), Column("times_practiced"), Column("best_accuracy"),
            Column("average_accuracy"), Column("best_tempo"),
        ]),
        Section(name: "goals", table: "goals", role: .imported, columns: [
            Column("id"), Column("goal_type", .one(GoalType.self)), Column("title"), Column("target"), Column("sheet_music_id"),
            Column("deadline"), Column("completed_at"), Column("created_at"), Column("updated_at"),
        ]),
        Section(name: "repertoire", table: "repertoire", role: .imported, columns: [
            Column("sheet_music_id"), Column("status", .one(RepertoireStatus.self)), Column("status_changed_at"),
            Column("links", .json), Column("created_at"), Column("updated_at"),
        ]),
        Section(name: "repertoireHistory", table: "repertoire_status_changes", role: .imported, columns: [
            Column("id"), Column("sheet_music_id"), Column("from_status", .one(RepertoireStatus.self)),
            Column("to_status", .one(RepertoireStatus.self)), Column("note"), Column("changed_by"), Column("changed_at"),
        ]),
        Section(name: "achievements", table: "user_achievements", role: .imported, columns: [
            Column("achievement_id"), Column("unlocked_at"),
        ]),
        Section(name: "progress", table: "progress_tracking", role: .derived, columns: [
            Column("instrument", .one(Instrument.self)), Column("skill_area", .one(SkillArea.self)), Column("current_level"), Column("current_grade"),
            Column("experience_points"), Column("total_practice_time"), Column("consecutive_days"), Column("longest_streak"),
            Column("last_practice_date"), Column("accuracy_trend"), Column("speed_trend"), Column("achievements", .json),
            Column("milestones", .json),
        ]),
        Section(name: "practiceDays", table: "practice_days", role: .derived, columns: [
            Column("instrument", .one(Instrument.self)), Column("skill_area", .one(SkillArea.self)), Column("day"), Column("logs"), Column("seconds"),
            Column("experience"), Column("accuracy_sum"), Column("accuracy_count"), Column("speed_sum"), Column("speed_count"),
            Column("rating_sum"), Column("rating_count"), Column("tempo_targets_met"), Column("activity_mask"),
        ]),
        Section(name: "practiceDetails", table: "practice_day_details", role: .derived, columns: [
            Column("instrument", .one(Instrument.self)), Column("day"), Column("activity_type", .one(ActivityType.self)),
            Column("sheet_music_id"), Column("logs"), Column("seconds"),
        ]),
        Section(name: "account", table: "users", role: .account, columns: [
            Column("id"), Column("email"), Column("created_at"), Column("updated_at"), Column("last_login_at"),
        ]),
        Section(name: "signInSessions", table: "auth_sessions", role: .account, columns: [
            Column("id"), Column("created_at"), Column("last_used_at"), Column("revoked_at"), Column("revoked_reason"),
        ]),
        Section(name: "teachers", table: "teacher_shares", role: .account, columns: [
            Column("student_id"), Column("teacher_id"), Column("scopes", .shareScopes), Column("created_at"), Column("updated_at"),
        ]),
        Section(name: "teacherInvites", table: "teacher_invites", role: .account, columns: [
            Column("id"), Column("email"), Column("scopes", .shareScopes), Column("created_at"), Column("expires_at"), Column("accepted_at"),
            Column("accepted_by"),
        ]),
        Section(name: "comments", table: "comments", role: .account, columns: [
            Column("id"), Column("student_id"), Column("teacher_id"), Column("author_id"), Column("log_id"), Column("session_id"),
            Column("body", .sealed), Column("created_at"), Column("updated_at"),
        ]),
        Section(name: "recordings", table: "recordings", role: .account, columns: [
            Column("id"), Column("log_id"), Column("format", .enumeration(["ogg": "OGG", "webm": "WEBM", "mp4": "MP4", "wav": "WAV"])),
            Column("byte_size"), Column("duration_ms"), Column("sha256"), Column("created_at"),
        ]),
        Section(name: "planAssignments", table: "plan_items", role: .account, columns: [
            Column("id"), Column("assigned_by"), Column("declined_at"),
        ]),
        Section(name: "mail", table: "email_outbox", role: .account, columns: [
            Column("id"), Column("recipient"), Column("subject"), Column("created_at"), Column("sent_at"),
        ]),
    ]

    /// `snake_case` as `camelCase`.
    static func camelCase(_ name: String) -> String {
        let words = name.split(separator: "_")
        return (words.first.map(String.init) ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
