-- Teacher mode: a student shares practice with teachers, who assign plan items and comment.
--
-- teacher_invites: what a student hands a teacher, by e-mail or as a short code. Only the
-- SHA-256 of the code is kept; it works once (accepted_at) and until expires_at. scopes is what
-- the teacher will see on acceptance, as a bit set (ShareScope: logs 1, log notes 2, sessions 4,
-- progress 8, repertoire 16, plan 32).
CREATE TABLE teacher_invites (
  id TEXT PRIMARY KEY,
  student_id TEXT NOT NULL,
  email TEXT,
  code_hash TEXT NOT NULL UNIQUE,
  scopes INTEGER NOT NULL CHECK (scopes BETWEEN 0 AND 63),
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  accepted_at DATETIME,
  accepted_by TEXT,
  FOREIGN KEY (student_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (accepted_by) REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX idx_teacher_invites_student ON teacher_invites(student_id, created_at);

-- An accepted relationship: while the row exists the teacher may read what scopes names. Every
-- read of a student's rows by a teacher checks this row in the same transaction (on PostgreSQL
-- under FOR SHARE, so an ending cannot commit between the check and the read). Ending it
-- deletes the row.
CREATE TABLE teacher_shares (
  student_id TEXT NOT NULL,
  teacher_id TEXT NOT NULL,
  scopes INTEGER NOT NULL CHECK (scopes BETWEEN 0 AND 63),
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (student_id, teacher_id),
  CHECK (student_id <> teacher_id),
  FOREIGN KEY (student_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (teacher_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX idx_teacher_shares_teacher ON teacher_shares(teacher_id);

-- A plan item a teacher assigned (kept when the relationship ends; NULL once that account is
-- gone), and when the student declined it (it is then due on no day).
ALTER TABLE plan_items ADD COLUMN assigned_by TEXT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE plan_items ADD COLUMN declined_at DATETIME;
CREATE INDEX idx_plan_items_assigned ON plan_items(assigned_by) WHERE assigned_by IS NOT NULL;

-- A comment on a student's log or session in the thread between the student and one teacher;
-- either of them writes (author_id). The body is sealed like notes.
CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  student_id TEXT NOT NULL,
  teacher_id TEXT NOT NULL,
  author_id TEXT NOT NULL CHECK (author_id IN (student_id, teacher_id)),
  log_id TEXT,
  session_id TEXT,
  body TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  CHECK ((log_id IS NULL) <> (session_id IS NULL)),
  FOREIGN KEY (student_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (teacher_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (log_id) REFERENCES practice_logs(id) ON DELETE CASCADE,
  FOREIGN KEY (session_id) REFERENCES practice_sessions(id) ON DELETE CASCADE
);
CREATE INDEX idx_comments_log ON comments(log_id, created_at) WHERE log_id IS NOT NULL;
CREATE INDEX idx_comments_session ON comments(session_id, created_at) WHERE session_id IS NOT NULL;
CREATE INDEX idx_comments_teacher ON comments(teacher_id);

-- The change feed learns 'comment' (rebuilt as in 0013: SQLite cannot change a CHECK in place).
PRAGMA legacy_alter_table = ON;
CREATE TABLE changes_new (
  user_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  entity TEXT NOT NULL CHECK (entity IN ('log', 'session', 'template', 'goal', 'repertoire', 'piece_progress', 'profile', 'piece',
    'plan_item', 'comment')),
  entity_id TEXT NOT NULL,
  deleted BOOLEAN NOT NULL,
  changed_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, seq),
  UNIQUE (user_id, entity, entity_id)
);
INSERT INTO changes_new (user_id, seq, entity, entity_id, deleted, changed_at)
  SELECT user_id, seq, entity, entity_id, deleted, changed_at FROM changes;
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX idx_changes_tombstones ON changes(user_id, changed_at) WHERE deleted;

-- The plan-item update trigger compares the new columns too.
DROP TRIGGER trg_plan_items_change_update;
CREATE TRIGGER trg_plan_items_change_update AFTER UPDATE ON plan_items
WHEN (OLD.id, OLD.user_id, OLD.sheet_music_id, OLD.exercise, OLD.instrument, OLD.target_minutes, OLD.activity_type, OLD.focus_areas, OLD.target_tempo, OLD.notes, OLD.schedule, OLD.every_days, OLD.weekdays, OLD.start_day, OLD.end_day, OLD.position, OLD.paused, OLD.skipped_days, OLD.created_at, OLD.updated_at, OLD.create_hash, OLD.assigned_by, OLD.declined_at)
  IS NOT (NEW.id, NEW.user_id, NEW.sheet_music_id, NEW.exercise, NEW.instrument, NEW.target_minutes, NEW.activity_type, NEW.focus_areas, NEW.target_tempo, NEW.notes, NEW.schedule, NEW.every_days, NEW.weekdays, NEW.start_day, NEW.end_day, NEW.position, NEW.paused, NEW.skipped_days, NEW.created_at, NEW.updated_at, NEW.create_hash, NEW.assigned_by, NEW.declined_at)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'plan_item' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'plan_item', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

-- A comment is in the change feeds of both sides of its thread.
CREATE TRIGGER trg_comments_student_change_insert AFTER INSERT ON comments
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.student_id;
  DELETE FROM changes WHERE user_id = NEW.student_id AND entity = 'comment' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'comment', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.student_id;
END;

CREATE TRIGGER trg_comments_student_change_update AFTER UPDATE ON comments
WHEN (OLD.id, OLD.student_id, OLD.teacher_id, OLD.author_id, OLD.log_id, OLD.session_id, OLD.body, OLD.created_at, OLD.updated_at)
  IS NOT (NEW.id, NEW.student_id, NEW.teacher_id, NEW.author_id, NEW.log_id, NEW.session_id, NEW.body, NEW.created_at, NEW.updated_at)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.student_id;
  DELETE FROM changes WHERE user_id = NEW.student_id AND entity = 'comment' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'comment', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.student_id;
END;

CREATE TRIGGER trg_comments_student_change_delete AFTER DELETE ON comments
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.student_id;
  DELETE FROM changes WHERE user_id = OLD.student_id AND entity = 'comment' AND entity_id = OLD.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'comment', OLD.id, TRUE FROM change_heads WHERE user_id = OLD.student_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.student_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.student_id;
  DELETE FROM changes WHERE user_id = OLD.student_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;

CREATE TRIGGER trg_comments_teacher_change_insert AFTER INSERT ON comments
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.teacher_id;
  DELETE FROM changes WHERE user_id = NEW.teacher_id AND entity = 'comment' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'comment', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.teacher_id;
END;

CREATE TRIGGER trg_comments_teacher_change_update AFTER UPDATE ON comments
WHEN (OLD.id, OLD.student_id, OLD.teacher_id, OLD.author_id, OLD.log_id, OLD.session_id, OLD.body, OLD.created_at, OLD.updated_at)
  IS NOT (NEW.id, NEW.student_id, NEW.teacher_id, NEW.author_id, NEW.log_id, NEW.session_id, NEW.body, NEW.created_at, NEW.updated_at)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.teacher_id;
  DELETE FROM changes WHERE user_id = NEW.teacher_id AND entity = 'comment' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'comment', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.teacher_id;
END;

CREATE TRIGGER trg_comments_teacher_change_delete AFTER DELETE ON comments
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.teacher_id;
  DELETE FROM changes WHERE user_id = OLD.teacher_id AND entity = 'comment' AND entity_id = OLD.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'comment', OLD.id, TRUE FROM change_heads WHERE user_id = OLD.teacher_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.teacher_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.teacher_id;
  DELETE FROM changes WHERE user_id = OLD.teacher_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;
