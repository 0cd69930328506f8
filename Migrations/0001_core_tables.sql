-- Core tables of the system design (users, catalogue, practice, progress, templates),
-- its analytics views, and triggers that keep updated_at current.
-- Timestamps are ISO-8601 UTC text ('2026-01-15T09:30:00.000Z') written by the application's
-- clock; column defaults and triggers use the same format as a safety net.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT UNIQUE NOT NULL,
  display_name TEXT,
  avatar_url TEXT,
  primary_instrument TEXT CHECK (primary_instrument IN ('piano', 'guitar')),
  skill_level TEXT CHECK (skill_level IN ('beginner', 'intermediate', 'advanced', 'professional')),
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_login_at DATETIME,
  preferences JSON CHECK (preferences IS NULL OR json_valid(preferences)),
  is_active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_last_login ON users(last_login_at);

CREATE TABLE sheet_music (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  composer TEXT,
  opus TEXT,
  catalog_number TEXT,
  instrument TEXT NOT NULL CHECK (instrument IN ('piano', 'guitar', 'both')),
  difficulty_level INTEGER CHECK (difficulty_level BETWEEN 1 AND 10),
  grade_level TEXT,
  duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  time_signature TEXT,
  key_signature TEXT,
  tempo_marking TEXT,
  suggested_tempo INTEGER CHECK (suggested_tempo IS NULL OR suggested_tempo BETWEEN 1 AND 400),
  style_period TEXT,
  tags JSON CHECK (tags IS NULL OR json_valid(tags)),
  source_type TEXT CHECK (source_type IN ('generated', 'public_domain', 'licensed', 'user_created')),
  source_attribution TEXT,
  license_type TEXT,
  notation_data JSON CHECK (notation_data IS NULL OR json_valid(notation_data)),
  audio_reference_url TEXT,
  -- Lower-cased, accent-folded text written by the application for search: title, composer,
  -- catalogue and opus numbers; and the composer alone.
  search_text TEXT NOT NULL DEFAULT '',
  composer_search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  is_active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE INDEX idx_sheet_music_instrument ON sheet_music(instrument);
CREATE INDEX idx_sheet_music_difficulty ON sheet_music(difficulty_level);
CREATE INDEX idx_sheet_music_style ON sheet_music(style_period);
CREATE INDEX idx_sheet_music_grade ON sheet_music(grade_level);

-- Beyond the design's columns: the instrument and piece a session is for, and the state a
-- pausable session needs (status, pause bookkeeping, note counts), which its GraphQL type exposes.
CREATE TABLE practice_sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  instrument TEXT NOT NULL CHECK (instrument IN ('piano', 'guitar')),
  sheet_music_id TEXT,
  session_date DATE NOT NULL,
  start_time DATETIME NOT NULL,
  end_time DATETIME,
  duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  session_type TEXT CHECK (session_type IN ('guided', 'free_practice', 'assessment')),
  status TEXT NOT NULL DEFAULT 'in_progress'
    CHECK (status IN ('in_progress', 'paused', 'completed', 'abandoned')),
  paused_at DATETIME,
  paused_seconds INTEGER NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
  total_exercises INTEGER DEFAULT 0,
  completed_exercises INTEGER DEFAULT 0,
  notes_attempted INTEGER NOT NULL DEFAULT 0 CHECK (notes_attempted >= 0),
  notes_correct INTEGER NOT NULL DEFAULT 0 CHECK (notes_correct BETWEEN 0 AND notes_attempted),
  accuracy_percentage REAL CHECK (accuracy_percentage IS NULL OR accuracy_percentage BETWEEN 0 AND 100),
  notes TEXT,
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (sheet_music_id) REFERENCES sheet_music(id) ON DELETE SET NULL
);

CREATE INDEX idx_sessions_user_date ON practice_sessions(user_id, session_date);
CREATE INDEX idx_sessions_date ON practice_sessions(session_date);
CREATE INDEX idx_sessions_user_start ON practice_sessions(user_id, start_time);

CREATE TABLE practice_logs (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  session_id TEXT,
  sheet_music_id TEXT,
  activity_type TEXT NOT NULL CHECK (activity_type IN (
    'sight_reading', 'scales', 'arpeggios', 'etudes', 'repertoire',
    'memorization', 'slow_practice', 'mental_practice', 'ensemble_reading',
    'transposition', 'score_reduction', 'technique', 'warm_up'
  )),
  instrument TEXT NOT NULL CHECK (instrument IN ('piano', 'guitar')),
  start_time DATETIME NOT NULL,
  end_time DATETIME CHECK (end_time IS NULL OR end_time >= start_time),
  duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds BETWEEN 0 AND 86400),
  composer TEXT,
  work_title TEXT,
  opus_number TEXT,
  movement_section TEXT,
  tempo_practiced INTEGER CHECK (tempo_practiced IS NULL OR tempo_practiced BETWEEN 1 AND 400),
  target_tempo INTEGER CHECK (target_tempo IS NULL OR target_tempo BETWEEN 1 AND 400),
  focus_areas JSON CHECK (focus_areas IS NULL OR json_valid(focus_areas)),
  self_rating INTEGER CHECK (self_rating BETWEEN 1 AND 10),
  accuracy_percentage REAL CHECK (accuracy_percentage IS NULL OR accuracy_percentage BETWEEN 0 AND 100),
  notes_played INTEGER CHECK (notes_played IS NULL OR notes_played >= 0),
  notes_correct INTEGER CHECK (notes_correct IS NULL OR (notes_correct >= 0 AND notes_correct <= coalesce(notes_played, notes_correct))),
  practice_notes TEXT,
  audio_recording_url TEXT,
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (session_id) REFERENCES practice_sessions(id) ON DELETE SET NULL,
  FOREIGN KEY (sheet_music_id) REFERENCES sheet_music(id) ON DELETE SET NULL
);

CREATE INDEX idx_logs_user_date ON practice_logs(user_id, start_time);
CREATE INDEX idx_logs_activity ON practice_logs(activity_type);
CREATE INDEX idx_logs_session ON practice_logs(session_id);
CREATE INDEX idx_logs_sheet_music ON practice_logs(sheet_music_id);

CREATE TABLE progress_tracking (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  instrument TEXT NOT NULL CHECK (instrument IN ('piano', 'guitar')),
  skill_area TEXT NOT NULL,
  current_level INTEGER NOT NULL DEFAULT 1 CHECK (current_level >= 1),
  current_grade TEXT,
  experience_points INTEGER NOT NULL DEFAULT 0 CHECK (experience_points >= 0),
  total_practice_time INTEGER NOT NULL DEFAULT 0 CHECK (total_practice_time >= 0),
  consecutive_days INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_days >= 0),
  last_practice_date DATE,
  accuracy_trend REAL,
  speed_trend REAL,
  achievements JSON CHECK (achievements IS NULL OR json_valid(achievements)),
  milestones JSON CHECK (milestones IS NULL OR json_valid(milestones)),
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  UNIQUE(user_id, instrument, skill_area)
);

CREATE INDEX idx_progress_user ON progress_tracking(user_id);
CREATE INDEX idx_progress_instrument ON progress_tracking(user_id, instrument);

CREATE TABLE user_sheet_music_progress (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  sheet_music_id TEXT NOT NULL,
  first_attempted_at DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_attempted_at DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  times_practiced INTEGER NOT NULL DEFAULT 1 CHECK (times_practiced >= 0),
  best_accuracy REAL CHECK (best_accuracy IS NULL OR best_accuracy BETWEEN 0 AND 100),
  average_accuracy REAL CHECK (average_accuracy IS NULL OR average_accuracy BETWEEN 0 AND 100),
  best_tempo INTEGER CHECK (best_tempo IS NULL OR best_tempo BETWEEN 1 AND 400),
  is_completed BOOLEAN NOT NULL DEFAULT FALSE,
  is_starred BOOLEAN NOT NULL DEFAULT FALSE,
  is_bookmarked BOOLEAN NOT NULL DEFAULT FALSE,
  difficulty_rating INTEGER CHECK (difficulty_rating BETWEEN 1 AND 5),
  notes TEXT,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (sheet_music_id) REFERENCES sheet_music(id) ON DELETE CASCADE,
  UNIQUE(user_id, sheet_music_id)
);

CREATE INDEX idx_user_music_progress ON user_sheet_music_progress(user_id, sheet_music_id);
CREATE INDEX idx_user_music_starred ON user_sheet_music_progress(user_id, is_starred);

CREATE TABLE practice_templates (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  template_name TEXT NOT NULL CHECK (length(template_name) BETWEEN 1 AND 200),
  activity_type TEXT NOT NULL CHECK (activity_type IN (
    'sight_reading', 'scales', 'arpeggios', 'etudes', 'repertoire',
    'memorization', 'slow_practice', 'mental_practice', 'ensemble_reading',
    'transposition', 'score_reduction', 'technique', 'warm_up'
  )),
  composer TEXT,
  work_title TEXT,
  opus_number TEXT,
  movement_section TEXT,
  tempo INTEGER CHECK (tempo IS NULL OR tempo BETWEEN 1 AND 400),
  focus_areas JSON CHECK (focus_areas IS NULL OR json_valid(focus_areas)),
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);

CREATE INDEX idx_templates_user ON practice_templates(user_id);

-- updated_at: the application writes it from its clock; when an UPDATE leaves it unchanged,
-- these triggers stamp the current time so no write goes unrecorded.
CREATE TRIGGER trg_users_updated_at AFTER UPDATE ON users
  WHEN NEW.updated_at IS OLD.updated_at
  BEGIN UPDATE users SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER trg_sheet_music_updated_at AFTER UPDATE ON sheet_music
  WHEN NEW.updated_at IS OLD.updated_at
  BEGIN UPDATE sheet_music SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER trg_practice_sessions_updated_at AFTER UPDATE ON practice_sessions
  WHEN NEW.updated_at IS OLD.updated_at
  BEGIN UPDATE practice_sessions SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER trg_practice_logs_updated_at AFTER UPDATE ON practice_logs
  WHEN NEW.updated_at IS OLD.updated_at
  BEGIN UPDATE practice_logs SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER trg_progress_tracking_updated_at AFTER UPDATE ON progress_tracking
  WHEN NEW.updated_at IS OLD.updated_at
  BEGIN UPDATE progress_tracking SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;
CREATE TRIGGER trg_practice_templates_updated_at AFTER UPDATE ON practice_templates
  WHEN NEW.updated_at IS OLD.updated_at
  BEGIN UPDATE practice_templates SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id; END;

CREATE VIEW daily_practice_summary AS
SELECT
  user_id,
  DATE(start_time) AS practice_date,
  COUNT(DISTINCT session_id) AS sessions,
  SUM(duration_seconds) AS total_seconds,
  COUNT(*) AS activities,
  AVG(self_rating) AS avg_rating,
  AVG(accuracy_percentage) AS avg_accuracy
FROM practice_logs
GROUP BY user_id, DATE(start_time);

CREATE VIEW user_statistics AS
SELECT
  u.id AS user_id,
  u.primary_instrument,
  COUNT(DISTINCT DATE(pl.start_time)) AS total_practice_days,
  SUM(pl.duration_seconds) AS total_practice_seconds,
  COUNT(DISTINCT pl.sheet_music_id) AS unique_pieces,
  AVG(pl.self_rating) AS avg_self_rating,
  AVG(pl.accuracy_percentage) AS avg_accuracy
FROM users u
LEFT JOIN practice_logs pl ON u.id = pl.user_id
GROUP BY u.id;
