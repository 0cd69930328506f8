-- Pieces users add for themselves (`createSheetMusic`): source_type 'user_created', the owner in
-- user_id, seen by that user only. The curated catalogue every user sees has no owner. An
-- account's pieces go with it.
ALTER TABLE sheet_music ADD COLUMN user_id TEXT REFERENCES users(id) ON DELETE CASCADE;
-- SHA-256 of the create request, for safe replay with a client id (as for logs).
ALTER TABLE sheet_music ADD COLUMN create_hash TEXT;
CREATE INDEX idx_sheet_music_user ON sheet_music(user_id, title) WHERE user_id IS NOT NULL;

-- What autocomplete (`pieceSuggestions`, `composerSuggestions`) looks a typed prefix up in: each
-- distinct word of a piece's search text (kind 'piece') and of its composer (kind 'composer'),
-- folded and without the punctuation around it, under its owner ('' for the catalogue). A prefix
-- is a range of the primary key, so a lookup reads the matching words only, never every piece.
-- The application writes the rows with the piece, in its transaction; `mirubato seed` writes
-- those of catalogue pieces that have none (so a database migrated to this gets them).
CREATE TABLE piece_terms (
  kind TEXT NOT NULL CHECK (kind IN ('piece', 'composer')),
  owner_key TEXT NOT NULL,
  term TEXT NOT NULL,
  sheet_music_id TEXT NOT NULL,
  PRIMARY KEY (kind, owner_key, term, sheet_music_id),
  FOREIGN KEY (sheet_music_id) REFERENCES sheet_music(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX idx_piece_terms_piece ON piece_terms(sheet_music_id);

-- A user's own piece is not part of the shared catalogue: adding one must not move the
-- catalogue's revision (which would drop every cached catalogue read for every user).
DROP TRIGGER trg_sheet_music_revision_insert;
DROP TRIGGER trg_sheet_music_revision_update;
DROP TRIGGER trg_sheet_music_revision_delete;
CREATE TRIGGER trg_sheet_music_revision_insert AFTER INSERT ON sheet_music WHEN NEW.user_id IS NULL
  BEGIN UPDATE catalogue_revision SET revision = revision + 1; END;
CREATE TRIGGER trg_sheet_music_revision_update AFTER UPDATE ON sheet_music WHEN OLD.user_id IS NULL OR NEW.user_id IS NULL
  BEGIN UPDATE catalogue_revision SET revision = revision + 1; END;
CREATE TRIGGER trg_sheet_music_revision_delete AFTER DELETE ON sheet_music WHEN OLD.user_id IS NULL
  BEGIN UPDATE catalogue_revision SET revision = revision + 1; END;

-- The owner's change feed carries their pieces (entity 'piece'), as 0010 does for the rest.
CREATE TRIGGER trg_sheet_music_change_insert AFTER INSERT ON sheet_music WHEN NEW.user_id IS NOT NULL
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'piece' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'piece', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_sheet_music_change_update AFTER UPDATE ON sheet_music WHEN NEW.user_id IS NOT NULL
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'piece' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'piece', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER trg_sheet_music_change_delete AFTER DELETE ON sheet_music WHEN OLD.user_id IS NOT NULL
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND entity = 'piece' AND entity_id = OLD.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'piece', OLD.id, TRUE FROM change_heads WHERE user_id = OLD.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = OLD.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE user_id = OLD.user_id;
  DELETE FROM changes WHERE user_id = OLD.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;
