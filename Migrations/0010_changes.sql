-- The per-user change feed an offline client syncs from (`changes(since:)`): one row per
-- entity the user can see, holding its latest change (a tombstone for a delete), numbered by
-- change_heads.seq, which every change of the user moves on. That row lock orders the numbers as
-- the transactions commit, on PostgreSQL too. Triggers write it in the transaction of every
-- write, derived ones included (per-piece progress, goal completion, session totals), so no
-- service can forget it. A new change of an entity replaces its older one; tombstones older than
-- 30 days are removed when the user deletes something, and pruned_through says up to which
-- number: a client whose cursor is older resyncs in full (`changes(since: null)`).

CREATE TABLE change_heads (
  user_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0,
  pruned_through INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE TABLE changes (
  user_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  entity TEXT NOT NULL CHECK (entity IN ('log', 'session', 'template', 'goal', 'repertoire', 'piece_progress', 'profile', 'piece')),
  entity_id TEXT NOT NULL,
  deleted BOOLEAN NOT NULL,
  changed_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, seq),
  UNIQUE (user_id, entity, entity_id)
);
CREATE INDEX idx_changes_tombstones ON changes(user_id, changed_at) WHERE deleted;
INSERT INTO change_heads (user_id) SELECT id FROM users;
-- A new account's feed starts with its profile.
CREATE TRIGGER trg_users_change_head AFTER INSERT ON users
BEGIN
  INSERT INTO change_heads (user_id, seq) VALUES (NEW.id, 1);
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted) VALUES (NEW.id, 1, 'profile', NEW.id, FALSE);
END;
-- An account's feed goes with it (changes has no foreign key: its triggers run during the cascade).
CREATE TRIGGER trg_users_changes_delete AFTER DELETE ON users
  BEGIN DELETE FROM changes WHERE user_id = OLD.id; END;

CREATE TRIGGER trg_practice_logs_change_insert AFTER INSERT ON practice_logs
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'log' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'log', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_practice_logs_change_update AFTER UPDATE ON practice_logs
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'log' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'log', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_practice_logs_change_delete AFTER DELETE ON practice_logs
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND entity = 'log' AND entity_id = OLD.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'log', OLD.id, TRUE FROM change_heads WHERE user_id = OLD.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;

CREATE TRIGGER trg_practice_sessions_change_insert AFTER INSERT ON practice_sessions
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'session' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'session', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_practice_sessions_change_update AFTER UPDATE ON practice_sessions
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'session' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'session', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_practice_sessions_change_delete AFTER DELETE ON practice_sessions
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND entity = 'session' AND entity_id = OLD.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'session', OLD.id, TRUE FROM change_heads WHERE user_id = OLD.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;

CREATE TRIGGER trg_practice_templates_change_insert AFTER INSERT ON practice_templates
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'template' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'template', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_practice_templates_change_update AFTER UPDATE ON practice_templates
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'template' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'template', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_practice_templates_change_delete AFTER DELETE ON practice_templates
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND entity = 'template' AND entity_id = OLD.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'template', OLD.id, TRUE FROM change_heads WHERE user_id = OLD.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;

CREATE TRIGGER trg_goals_change_insert AFTER INSERT ON goals
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'goal' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'goal', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_goals_change_update AFTER UPDATE ON goals
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'goal' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'goal', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_goals_change_delete AFTER DELETE ON goals
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND entity = 'goal' AND entity_id = OLD.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'goal', OLD.id, TRUE FROM change_heads WHERE user_id = OLD.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;

CREATE TRIGGER trg_repertoire_change_insert AFTER INSERT ON repertoire
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'repertoire' AND entity_id = NEW.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'repertoire', NEW.sheet_music_id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_repertoire_change_update AFTER UPDATE ON repertoire
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'repertoire' AND entity_id = NEW.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'repertoire', NEW.sheet_music_id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_repertoire_change_delete AFTER DELETE ON repertoire
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND entity = 'repertoire' AND entity_id = OLD.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'repertoire', OLD.sheet_music_id, TRUE FROM change_heads WHERE user_id = OLD.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;

CREATE TRIGGER trg_repertoire_status_changes_change_insert AFTER INSERT ON repertoire_status_changes
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'repertoire' AND entity_id = NEW.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'repertoire', NEW.sheet_music_id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_user_sheet_music_progress_change_insert AFTER INSERT ON user_sheet_music_progress
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'piece_progress' AND entity_id = NEW.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'piece_progress', NEW.sheet_music_id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_user_sheet_music_progress_change_update AFTER UPDATE ON user_sheet_music_progress
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'piece_progress' AND entity_id = NEW.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'piece_progress', NEW.sheet_music_id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_user_sheet_music_progress_change_delete AFTER DELETE ON user_sheet_music_progress
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND entity = 'piece_progress' AND entity_id = OLD.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'piece_progress', OLD.sheet_music_id, TRUE FROM change_heads WHERE user_id = OLD.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;

CREATE TRIGGER trg_users_change_update AFTER UPDATE ON users
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.id;
  DELETE FROM changes WHERE user_id = NEW.id AND entity = 'profile' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'profile', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.id;
END;

-- Everything that exists now is the feed's starting state.

UPDATE change_heads SET seq = seq + (SELECT count(*) FROM practice_logs t WHERE t.user_id = change_heads.user_id);

UPDATE change_heads SET seq = seq + (SELECT count(*) FROM practice_sessions t WHERE t.user_id = change_heads.user_id);

UPDATE change_heads SET seq = seq + (SELECT count(*) FROM practice_templates t WHERE t.user_id = change_heads.user_id);

UPDATE change_heads SET seq = seq + (SELECT count(*) FROM goals t WHERE t.user_id = change_heads.user_id);

UPDATE change_heads SET seq = seq + (SELECT count(*) FROM repertoire t WHERE t.user_id = change_heads.user_id);

UPDATE change_heads SET seq = seq + (SELECT count(*) FROM user_sheet_music_progress t WHERE t.user_id = change_heads.user_id);

UPDATE change_heads SET seq = seq + (SELECT count(*) FROM users t WHERE t.id = change_heads.user_id);

INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
SELECT user_id, row_number() OVER (PARTITION BY user_id ORDER BY entity, entity_id), entity, entity_id, FALSE FROM (
SELECT user_id AS user_id, 'log' AS entity, id AS entity_id FROM practice_logs
  UNION ALL SELECT user_id AS user_id, 'session' AS entity, id AS entity_id FROM practice_sessions
  UNION ALL SELECT user_id AS user_id, 'template' AS entity, id AS entity_id FROM practice_templates
  UNION ALL SELECT user_id AS user_id, 'goal' AS entity, id AS entity_id FROM goals
  UNION ALL SELECT user_id AS user_id, 'repertoire' AS entity, sheet_music_id AS entity_id FROM repertoire
  UNION ALL SELECT user_id AS user_id, 'piece_progress' AS entity, sheet_music_id AS entity_id FROM user_sheet_music_progress
  UNION ALL SELECT id AS user_id, 'profile' AS entity, id AS entity_id FROM users
) AS existing;
