/// Which stored columns hold encrypted or JSON text.
///
/// Encrypted (AES-256-GCM under `MIRUBATO_DATA_KEY`): the player's free-text notes, which can be
/// personal and are never searched or filtered by the server. E-mail is not encrypted: sign-in
/// looks users up by it and it must be unique, which needs equality on the stored value, and
/// the outbox must read it to send mail; it is protected by file permissions instead.
public enum SensitiveColumns {
    /// `table.column` of every encrypted column.
    public static let all: Set<String> = [
        "practice_sessions.notes", "practice_logs.practice_notes", "user_sheet_music_progress.notes",
        "magic_links.grace_payload", "refresh_tokens.grace_payload", "email_outbox.body", "comments.body",
    ]

    /// `table.column` of JSON columns, exported as JSON rather than as text.
    public static let json: Set<String> = [
        "users.preferences", "practice_logs.focus_areas", "practice_templates.focus_areas",
        "progress_tracking.achievements", "progress_tracking.milestones",
    ]
}
