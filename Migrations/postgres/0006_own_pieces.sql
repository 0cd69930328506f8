-- Pieces users add for themselves; see Migrations/0011_own_pieces.sql for what each part is for.
ALTER TABLE sheet_music ADD COLUMN user_id TEXT REFERENCES users(id) ON DELETE CASCADE;
ALTER TABLE sheet_music ADD COLUMN create_hash TEXT;
CREATE INDEX idx_sheet_music_user ON sheet_music(user_id, title) WHERE user_id IS NOT NULL;

-- Terms compare byte by byte (as SQLite's BINARY does), so a prefix is one range of the key.
CREATE TABLE piece_terms (
  kind TEXT NOT NULL CHECK (kind IN ('piece', 'composer')),
  owner_key TEXT NOT NULL,
  term TEXT COLLATE "C" NOT NULL,
  sheet_music_id TEXT NOT NULL REFERENCES sheet_music(id) ON DELETE CASCADE,
  PRIMARY KEY (kind, owner_key, term, sheet_music_id)
);
CREATE INDEX idx_piece_terms_piece ON piece_terms(sheet_music_id);

DROP TRIGGER trg_sheet_music_revision_insert ON sheet_music;
DROP TRIGGER trg_sheet_music_revision_update ON sheet_music;
DROP TRIGGER trg_sheet_music_revision_delete ON sheet_music;
CREATE TRIGGER trg_sheet_music_revision_insert AFTER INSERT ON sheet_music FOR EACH ROW WHEN (NEW.user_id IS NULL)
  EXECUTE FUNCTION mirubato_bump_catalogue_revision();
CREATE TRIGGER trg_sheet_music_revision_update AFTER UPDATE ON sheet_music FOR EACH ROW WHEN (OLD.user_id IS NULL OR NEW.user_id IS NULL)
  EXECUTE FUNCTION mirubato_bump_catalogue_revision();
CREATE TRIGGER trg_sheet_music_revision_delete AFTER DELETE ON sheet_music FOR EACH ROW WHEN (OLD.user_id IS NULL)
  EXECUTE FUNCTION mirubato_bump_catalogue_revision();

CREATE TRIGGER trg_sheet_music_change_insert AFTER INSERT ON sheet_music FOR EACH ROW WHEN (NEW.user_id IS NOT NULL)
  EXECUTE FUNCTION mirubato_record_change('piece', 'id', 'user_id');
CREATE TRIGGER trg_sheet_music_change_update AFTER UPDATE ON sheet_music FOR EACH ROW
  WHEN (NEW.user_id IS NOT NULL AND OLD IS DISTINCT FROM NEW)
  EXECUTE FUNCTION mirubato_record_change('piece', 'id', 'user_id');
CREATE TRIGGER trg_sheet_music_change_delete AFTER DELETE ON sheet_music FOR EACH ROW WHEN (OLD.user_id IS NOT NULL)
  EXECUTE FUNCTION mirubato_record_change('piece', 'id', 'user_id');
