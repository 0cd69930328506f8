-- idx_logs_session_start (0003) answers nothing that idx_logs_session (the design's) does not:
-- no query reads one session's logs in start order through it. Every new log paid one more
-- index page write for it.
DROP INDEX IF EXISTS idx_logs_session_start;
