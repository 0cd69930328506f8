-- Trigger conditions alike on both engines (SchemaParityTests compares them; SQLite's 0014 gives
-- its change-feed update triggers the whole-row condition these have had since 0010). Here: the
-- updated_at triggers say in WHEN what their function tests, as SQLite's do, so a trigger that
-- has nothing to stamp is not called at all.
DROP TRIGGER trg_users_updated_at ON users;
DROP TRIGGER trg_sheet_music_updated_at ON sheet_music;
DROP TRIGGER trg_practice_sessions_updated_at ON practice_sessions;
DROP TRIGGER trg_practice_logs_updated_at ON practice_logs;
DROP TRIGGER trg_progress_tracking_updated_at ON progress_tracking;
DROP TRIGGER trg_practice_templates_updated_at ON practice_templates;
CREATE TRIGGER trg_users_updated_at BEFORE UPDATE ON users FOR EACH ROW
  WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) EXECUTE FUNCTION mirubato_touch_updated_at();
CREATE TRIGGER trg_sheet_music_updated_at BEFORE UPDATE ON sheet_music FOR EACH ROW
  WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) EXECUTE FUNCTION mirubato_touch_updated_at();
CREATE TRIGGER trg_practice_sessions_updated_at BEFORE UPDATE ON practice_sessions FOR EACH ROW
  WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) EXECUTE FUNCTION mirubato_touch_updated_at();
CREATE TRIGGER trg_practice_logs_updated_at BEFORE UPDATE OF
  session_id, sheet_music_id, activity_type, instrument, start_time, end_time, duration_seconds, composer, work_title,
  opus_number, movement_section, tempo_practiced, target_tempo, focus_areas, self_rating, accuracy_percentage,
  notes_played, notes_correct, practice_notes, audio_recording_url
  ON practice_logs FOR EACH ROW
  WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) EXECUTE FUNCTION mirubato_touch_updated_at();
CREATE TRIGGER trg_progress_tracking_updated_at BEFORE UPDATE ON progress_tracking FOR EACH ROW
  WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) EXECUTE FUNCTION mirubato_touch_updated_at();
CREATE TRIGGER trg_practice_templates_updated_at BEFORE UPDATE ON practice_templates FOR EACH ROW
  WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) EXECUTE FUNCTION mirubato_touch_updated_at();
