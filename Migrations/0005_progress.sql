-- Progress tracking: days in the user's time zone, an incremental per-day aggregate that
-- progress_tracking is recomputed from, unlocked achievements and goals.

-- The calendar day (YYYY-MM-DD) of start_time in the user's time zone, written with the log and
-- rewritten for all of a user's logs when they change time zone.
ALTER TABLE practice_logs ADD COLUMN local_day TEXT;
CREATE INDEX idx_logs_user_day ON practice_logs(user_id, local_day);

-- A log's local day is bookkeeping, not a change the user made: recomputing it after a
-- time-zone change must not stamp updated_at, so the trigger now lists the user's columns.
DROP TRIGGER trg_practice_logs_updated_at;
CREATE TRIGGER trg_practice_logs_updated_at AFTER UPDATE OF
  session_id, sheet_music_id, activity_type, instrument, start_time, end_time, duration_seconds, composer, work_title,
  opus_number, movement_section, tempo_practiced, target_tempo, focus_areas, self_rating, accuracy_percentage,
  notes_played, notes_correct, practice_notes, audio_recording_url
  ON practice_logs
  WHEN NEW.updated_at IS OLD.updated_at
  BEGIN UPDATE practice_logs SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;

-- One row per user, instrument, skill area and local day, recomputed from that day's logs on
-- every write that touches the day. Sums are integers (hundredths of a percent) so that adding
-- them up in any order gives the same result as a rebuild.
CREATE TABLE practice_days (
  user_id TEXT NOT NULL,
  instrument TEXT NOT NULL CHECK (instrument IN ('piano', 'guitar')),
  skill_area TEXT NOT NULL,
  day TEXT NOT NULL,
  logs INTEGER NOT NULL CHECK (logs > 0),
  seconds INTEGER NOT NULL CHECK (seconds >= 0),
  experience INTEGER NOT NULL CHECK (experience >= 0),
  accuracy_sum INTEGER NOT NULL,
  accuracy_count INTEGER NOT NULL,
  speed_sum INTEGER NOT NULL,
  speed_count INTEGER NOT NULL,
  rating_sum INTEGER NOT NULL,
  rating_count INTEGER NOT NULL,
  tempo_targets_met INTEGER NOT NULL,
  activity_mask INTEGER NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  UNIQUE (user_id, instrument, skill_area, day)
);
CREATE INDEX idx_practice_days_user_day ON practice_days(user_id, day);
-- Covers an instrument's distinct practice days (its streaks) without touching the rows.
CREATE INDEX idx_practice_days_user_instrument_day ON practice_days(user_id, instrument, day);

-- The longest run of consecutive practice days of the row (consecutive_days is the run that
-- ends at last_practice_date).
ALTER TABLE progress_tracking ADD COLUMN longest_streak INTEGER NOT NULL DEFAULT 0;

-- Moves on with every write to the user's derived progress (and with a time-zone change); the
-- KV cache keys of their progress overview and statistics include it.
CREATE TABLE progress_revisions (
  user_id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);

-- Moves on with every change to the catalogue; the KV cache keys of sheet-music reads include
-- it, so a change is visible on the next read whoever made it (the app, a seed, or sqlite3).
CREATE TABLE catalogue_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
);
INSERT INTO catalogue_revision (id, revision) VALUES (1, 1);
CREATE TRIGGER trg_sheet_music_revision_insert AFTER INSERT ON sheet_music
  BEGIN UPDATE catalogue_revision SET revision = revision + 1; END;
CREATE TRIGGER trg_sheet_music_revision_update AFTER UPDATE ON sheet_music
  BEGIN UPDATE catalogue_revision SET revision = revision + 1; END;
CREATE TRIGGER trg_sheet_music_revision_delete AFTER DELETE ON sheet_music
  BEGIN UPDATE catalogue_revision SET revision = revision + 1; END;

-- Achievements are unlocked once and stay unlocked, even when the logs behind them are deleted.
CREATE TABLE user_achievements (
  user_id TEXT NOT NULL,
  achievement_id TEXT NOT NULL,
  unlocked_at DATETIME NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, achievement_id)
);

CREATE TABLE goals (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  goal_type TEXT NOT NULL CHECK (goal_type IN ('daily_minutes', 'weekly_minutes', 'piece_tempo', 'piece_accuracy')),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  target INTEGER NOT NULL CHECK (target > 0),
  sheet_music_id TEXT,
  deadline DATETIME,
  completed_at DATETIME,
  create_hash TEXT,
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (sheet_music_id) REFERENCES sheet_music(id) ON DELETE CASCADE
);
CREATE INDEX idx_goals_user ON goals(user_id, created_at);

-- The design's analytics views, counting days in the user's time zone instead of UTC.
DROP VIEW daily_practice_summary;
CREATE VIEW daily_practice_summary AS
SELECT
  user_id,
  local_day AS practice_date,
  COUNT(DISTINCT session_id) AS sessions,
  SUM(duration_seconds) AS total_seconds,
  COUNT(*) AS activities,
  AVG(self_rating) AS avg_rating,
  AVG(accuracy_percentage) AS avg_accuracy
FROM practice_logs
GROUP BY user_id, local_day;

DROP VIEW user_statistics;
CREATE VIEW user_statistics AS
SELECT
  u.id AS user_id,
  u.primary_instrument,
  COUNT(DISTINCT pl.local_day) AS total_practice_days,
  SUM(pl.duration_seconds) AS total_practice_seconds,
  COUNT(DISTINCT pl.sheet_music_id) AS unique_pieces,
  AVG(pl.self_rating) AS avg_self_rating,
  AVG(pl.accuracy_percentage) AS avg_accuracy
FROM users u
LEFT JOIN practice_logs pl ON u.id = pl.user_id
GROUP BY u.id;

-- Logs written before this migration get their UTC day; `mirubato progress rebuild` recomputes
-- every log's day in its user's time zone and all derived progress.
UPDATE practice_logs SET local_day = substr(start_time, 1, 10);
