-- A user's repertoire: the pieces they plan, learn, work on, polish, can perform or dropped,
-- with reference links (a JSON array of {title, url}) and, kept current in every log write's
-- transaction from practice_day_details, the seconds practised and the last local day.
CREATE TABLE repertoire (
  user_id TEXT NOT NULL,
  sheet_music_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planned', 'learning', 'working', 'polished', 'performance_ready', 'dropped')),
  status_changed_at DATETIME NOT NULL,
  links TEXT NOT NULL DEFAULT '[]',
  practice_seconds INTEGER NOT NULL DEFAULT 0 CHECK (practice_seconds >= 0),
  last_practiced_day TEXT,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (user_id, sheet_music_id),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (sheet_music_id) REFERENCES sheet_music(id) ON DELETE CASCADE
);
CREATE INDEX idx_repertoire_user_changed ON repertoire(user_id, status_changed_at);

-- Every status a piece moved to, and when: a client id (nanoid) makes a move safe to replay.
-- changed_by is NULL when the piece's owner made the move (every move today).
CREATE TABLE repertoire_status_changes (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  sheet_music_id TEXT NOT NULL,
  from_status TEXT CHECK (from_status IN ('planned', 'learning', 'working', 'polished', 'performance_ready', 'dropped')),
  to_status TEXT NOT NULL CHECK (to_status IN ('planned', 'learning', 'working', 'polished', 'performance_ready', 'dropped')),
  note TEXT,
  changed_by TEXT,
  changed_at DATETIME NOT NULL,
  request_hash TEXT,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (user_id, sheet_music_id) REFERENCES repertoire(user_id, sheet_music_id) ON DELETE CASCADE
);
CREATE INDEX idx_repertoire_changes_piece ON repertoire_status_changes(user_id, sheet_music_id, changed_at);

-- A piece's practice over all days, for the repertoire's figures.
CREATE INDEX idx_practice_day_details_piece ON practice_day_details(user_id, sheet_music_id);

-- Pieces practised before the repertoire existed enter it as LEARNING, as a new log's piece does.
INSERT INTO repertoire (user_id, sheet_music_id, status, status_changed_at, practice_seconds, last_practiced_day, created_at, updated_at)
SELECT l.user_id, l.sheet_music_id, 'learning', min(l.start_time),
  coalesce((SELECT sum(d.seconds) FROM practice_day_details d WHERE d.user_id = l.user_id AND d.sheet_music_id = l.sheet_music_id), 0),
  (SELECT max(d.day) FROM practice_day_details d WHERE d.user_id = l.user_id AND d.sheet_music_id = l.sheet_music_id),
  min(l.start_time), min(l.start_time)
FROM practice_logs l JOIN sheet_music s ON s.id = l.sheet_music_id
GROUP BY l.user_id, l.sheet_music_id;
INSERT INTO repertoire_status_changes (id, user_id, sheet_music_id, from_status, to_status, changed_at)
SELECT 'added:' || user_id || ':' || sheet_music_id, user_id, sheet_music_id, NULL, 'learning', status_changed_at FROM repertoire;
