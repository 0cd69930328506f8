-- Practice tracking: what the session state machine, safe replay of offline creates and
-- per-piece progress need beyond the core tables.

-- When the session last saw activity (start, pause, resume, a log): a session left open longer
-- than the limit is completed at this instant the next time it is touched.
ALTER TABLE practice_sessions ADD COLUMN last_activity_at DATETIME;
UPDATE practice_sessions SET last_activity_at = coalesce(end_time, start_time);

-- SHA-256 of the create request as the client sent it: replaying the same create with the same
-- client id returns the stored row; the same id with other content is a conflict.
ALTER TABLE practice_sessions ADD COLUMN create_hash TEXT;
ALTER TABLE practice_logs ADD COLUMN create_hash TEXT;
ALTER TABLE practice_templates ADD COLUMN create_hash TEXT;

-- At most one unfinished session per user and instrument, enforced by the database itself.
CREATE UNIQUE INDEX idx_sessions_one_open ON practice_sessions(user_id, instrument)
  WHERE status IN ('in_progress', 'paused');

CREATE INDEX idx_logs_user_piece ON practice_logs(user_id, sheet_music_id);
CREATE INDEX idx_logs_session_start ON practice_logs(session_id, start_time);
CREATE INDEX idx_user_music_progress_flags ON user_sheet_music_progress(user_id, is_completed, is_bookmarked);
