-- Practice plans (`createPlanItem`, `myPlan`): what a musician means to practise on which days.
-- An item is a piece or an exercise in words, with target minutes and a schedule in the user's
-- local days: once (start_day), every N days from start_day, or chosen weekdays (a bit set,
-- Monday 1 … Sunday 64), until end_day if set. skipped_days is the JSON list of days the
-- musician skipped it, kept on the row so the change feed carries skips with the item.
CREATE TABLE plan_items (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  sheet_music_id TEXT,
  exercise TEXT,
  instrument TEXT CHECK (instrument IN ('piano', 'guitar')),
  target_minutes INTEGER NOT NULL CHECK (target_minutes BETWEEN 1 AND 600),
  activity_type TEXT CHECK (activity_type IN ('sight_reading', 'scales', 'arpeggios', 'etudes', 'repertoire',
    'memorization', 'slow_practice', 'mental_practice', 'ensemble_reading', 'transposition', 'score_reduction', 'technique',
    'warm_up')),
  focus_areas JSON CHECK (focus_areas IS NULL OR json_valid(focus_areas)),
  target_tempo INTEGER CHECK (target_tempo BETWEEN 1 AND 400),
  notes TEXT,
  schedule TEXT NOT NULL CHECK (schedule IN ('once', 'every_n_days', 'weekdays')),
  every_days INTEGER CHECK (every_days BETWEEN 1 AND 365),
  weekdays INTEGER CHECK (weekdays BETWEEN 1 AND 127),
  start_day TEXT NOT NULL,
  end_day TEXT CHECK (end_day >= start_day),
  position INTEGER NOT NULL,
  paused BOOLEAN NOT NULL DEFAULT FALSE,
  skipped_days JSON NOT NULL DEFAULT '[]' CHECK (json_valid(skipped_days)),
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  create_hash TEXT,
  CHECK ((sheet_music_id IS NULL) <> (exercise IS NULL)),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (sheet_music_id) REFERENCES sheet_music(id) ON DELETE CASCADE
);
CREATE INDEX idx_plan_items_user ON plan_items(user_id, position);
CREATE INDEX idx_plan_items_piece ON plan_items(sheet_music_id) WHERE sheet_music_id IS NOT NULL;

-- The plan item a log fulfils ("Practise this"); a deleted item leaves its logs unassigned.
ALTER TABLE practice_logs ADD COLUMN plan_item_id TEXT REFERENCES plan_items(id) ON DELETE SET NULL;
CREATE INDEX idx_logs_plan_item ON practice_logs(plan_item_id) WHERE plan_item_id IS NOT NULL;

-- One reminder per user and local day, whatever the number of hosts or runs of `mirubato
-- remind`: the run that inserts the row queues the mail in the same transaction.
CREATE TABLE reminders_sent (
  user_id TEXT NOT NULL,
  day TEXT NOT NULL,
  sent_at DATETIME NOT NULL,
  PRIMARY KEY (user_id, day),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);

-- A user's private calendar feed: a request is looked up by the SHA-256 of its token; the token
-- itself is kept sealed under the data key so the app can show the URL again. A new token
-- replaces the old one (rotation); deleting the row revokes it.
CREATE TABLE calendar_feeds (
  user_id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  token TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);

-- Header lines a message carries besides From/To/Subject (List-Unsubscribe on reminders),
-- sealed like its body; and when a message is no longer worth sending (a reminder at the end
-- of its day). Messages without it are sign-in links, which expire with their links.
ALTER TABLE email_outbox ADD COLUMN headers TEXT;
ALTER TABLE email_outbox ADD COLUMN expires_at DATETIME;

-- The change feed learns the new kind ('plan_item'). SQLite cannot change a CHECK in place, so
-- the table is rebuilt; legacy_alter_table keeps the rename from re-checking the triggers of
-- other tables that name `changes` while it is briefly missing.
PRAGMA legacy_alter_table = ON;
CREATE TABLE changes_new (
  user_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  entity TEXT NOT NULL CHECK (entity IN ('log', 'session', 'template', 'goal', 'repertoire', 'piece_progress', 'profile', 'piece',
    'plan_item')),
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

CREATE TRIGGER trg_plan_items_change_insert AFTER INSERT ON plan_items
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'plan_item' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'plan_item', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_plan_items_change_update AFTER UPDATE ON plan_items
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'plan_item' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'plan_item', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_plan_items_change_delete AFTER DELETE ON plan_items
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND entity = 'plan_item' AND entity_id = OLD.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'plan_item', OLD.id, TRUE FROM change_heads WHERE user_id = OLD.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;
