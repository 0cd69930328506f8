-- What a log write costs on the file: every index of practice_logs is a page written for each new
-- log. Four of them now hold only the logs they can find:
-- - idx_logs_activity (activity_type alone, from the design) answers no query: every read of
--   logs is one user's, and the user's indexes find them; it goes.
-- - idx_logs_session, idx_logs_sheet_music and idx_logs_user_piece find logs by their session or
--   piece; a log without one was written into them and never found there. They keep only the
--   logs that have one (every query names a session or piece by `=` or `IN`, which implies
--   IS NOT NULL, so both engines' planners still use them).
DROP INDEX IF EXISTS idx_logs_activity;
DROP INDEX IF EXISTS idx_logs_session;
CREATE INDEX idx_logs_session ON practice_logs(session_id) WHERE session_id IS NOT NULL;
DROP INDEX IF EXISTS idx_logs_sheet_music;
CREATE INDEX idx_logs_sheet_music ON practice_logs(sheet_music_id) WHERE sheet_music_id IS NOT NULL;
DROP INDEX IF EXISTS idx_logs_user_piece;
CREATE INDEX idx_logs_user_piece ON practice_logs(user_id, sheet_music_id) WHERE sheet_music_id IS NOT NULL;
