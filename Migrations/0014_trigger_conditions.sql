-- Trigger conditions alike on both engines (SchemaParityTests compares them). Here: the change
-- feed's update triggers skip a row an UPDATE left as it was, as PostgreSQL's do
-- (`WHEN (OLD IS DISTINCT FROM NEW)`, since its 0010): before this, on SQLite an update that
-- changed nothing still moved the user's feed on, and every device downloaded the record again.
-- SQLite has no whole-row comparison, so each condition compares the row's columns as a row
-- value; a migration that adds a column to one of these tables recreates its trigger with it
-- (MigratorTests checks every column is listed).

DROP TRIGGER trg_practice_logs_change_update;
CREATE TRIGGER trg_practice_logs_change_update AFTER UPDATE ON practice_logs
WHEN (OLD.id, OLD.user_id, OLD.session_id, OLD.sheet_music_id, OLD.activity_type, OLD.instrument, OLD.start_time, OLD.end_time, OLD.duration_seconds, OLD.composer, OLD.work_title, OLD.opus_number, OLD.movement_section, OLD.tempo_practiced, OLD.target_tempo, OLD.focus_areas, OLD.self_rating, OLD.accuracy_percentage, OLD.notes_played, OLD.notes_correct, OLD.practice_notes, OLD.audio_recording_url, OLD.created_at, OLD.updated_at, OLD.create_hash, OLD.local_day, OLD.plan_item_id)
  IS NOT (NEW.id, NEW.user_id, NEW.session_id, NEW.sheet_music_id, NEW.activity_type, NEW.instrument, NEW.start_time, NEW.end_time, NEW.duration_seconds, NEW.composer, NEW.work_title, NEW.opus_number, NEW.movement_section, NEW.tempo_practiced, NEW.target_tempo, NEW.focus_areas, NEW.self_rating, NEW.accuracy_percentage, NEW.notes_played, NEW.notes_correct, NEW.practice_notes, NEW.audio_recording_url, NEW.created_at, NEW.updated_at, NEW.create_hash, NEW.local_day, NEW.plan_item_id)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'log' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'log', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

DROP TRIGGER trg_practice_sessions_change_update;
CREATE TRIGGER trg_practice_sessions_change_update AFTER UPDATE ON practice_sessions
WHEN (OLD.id, OLD.user_id, OLD.instrument, OLD.sheet_music_id, OLD.session_date, OLD.start_time, OLD.end_time, OLD.duration_seconds, OLD.session_type, OLD.status, OLD.paused_at, OLD.paused_seconds, OLD.total_exercises, OLD.completed_exercises, OLD.notes_attempted, OLD.notes_correct, OLD.accuracy_percentage, OLD.notes, OLD.created_at, OLD.updated_at, OLD.last_activity_at, OLD.create_hash)
  IS NOT (NEW.id, NEW.user_id, NEW.instrument, NEW.sheet_music_id, NEW.session_date, NEW.start_time, NEW.end_time, NEW.duration_seconds, NEW.session_type, NEW.status, NEW.paused_at, NEW.paused_seconds, NEW.total_exercises, NEW.completed_exercises, NEW.notes_attempted, NEW.notes_correct, NEW.accuracy_percentage, NEW.notes, NEW.created_at, NEW.updated_at, NEW.last_activity_at, NEW.create_hash)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'session' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'session', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

DROP TRIGGER trg_practice_templates_change_update;
CREATE TRIGGER trg_practice_templates_change_update AFTER UPDATE ON practice_templates
WHEN (OLD.id, OLD.user_id, OLD.template_name, OLD.activity_type, OLD.composer, OLD.work_title, OLD.opus_number, OLD.movement_section, OLD.tempo, OLD.focus_areas, OLD.is_active, OLD.created_at, OLD.updated_at, OLD.create_hash)
  IS NOT (NEW.id, NEW.user_id, NEW.template_name, NEW.activity_type, NEW.composer, NEW.work_title, NEW.opus_number, NEW.movement_section, NEW.tempo, NEW.focus_areas, NEW.is_active, NEW.created_at, NEW.updated_at, NEW.create_hash)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'template' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'template', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

DROP TRIGGER trg_goals_change_update;
CREATE TRIGGER trg_goals_change_update AFTER UPDATE ON goals
WHEN (OLD.id, OLD.user_id, OLD.goal_type, OLD.title, OLD.target, OLD.sheet_music_id, OLD.deadline, OLD.completed_at, OLD.create_hash, OLD.created_at, OLD.updated_at)
  IS NOT (NEW.id, NEW.user_id, NEW.goal_type, NEW.title, NEW.target, NEW.sheet_music_id, NEW.deadline, NEW.completed_at, NEW.create_hash, NEW.created_at, NEW.updated_at)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'goal' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'goal', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

DROP TRIGGER trg_repertoire_change_update;
CREATE TRIGGER trg_repertoire_change_update AFTER UPDATE ON repertoire
WHEN (OLD.user_id, OLD.sheet_music_id, OLD.status, OLD.status_changed_at, OLD.links, OLD.practice_seconds, OLD.last_practiced_day, OLD.created_at, OLD.updated_at)
  IS NOT (NEW.user_id, NEW.sheet_music_id, NEW.status, NEW.status_changed_at, NEW.links, NEW.practice_seconds, NEW.last_practiced_day, NEW.created_at, NEW.updated_at)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'repertoire' AND entity_id = NEW.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'repertoire', NEW.sheet_music_id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

DROP TRIGGER trg_user_sheet_music_progress_change_update;
CREATE TRIGGER trg_user_sheet_music_progress_change_update AFTER UPDATE ON user_sheet_music_progress
WHEN (OLD.id, OLD.user_id, OLD.sheet_music_id, OLD.first_attempted_at, OLD.last_attempted_at, OLD.times_practiced, OLD.best_accuracy, OLD.average_accuracy, OLD.best_tempo, OLD.is_completed, OLD.is_starred, OLD.is_bookmarked, OLD.difficulty_rating, OLD.notes)
  IS NOT (NEW.id, NEW.user_id, NEW.sheet_music_id, NEW.first_attempted_at, NEW.last_attempted_at, NEW.times_practiced, NEW.best_accuracy, NEW.average_accuracy, NEW.best_tempo, NEW.is_completed, NEW.is_starred, NEW.is_bookmarked, NEW.difficulty_rating, NEW.notes)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'piece_progress' AND entity_id = NEW.sheet_music_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'piece_progress', NEW.sheet_music_id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

DROP TRIGGER trg_users_change_update;
CREATE TRIGGER trg_users_change_update AFTER UPDATE ON users
WHEN (OLD.id, OLD.email, OLD.display_name, OLD.avatar_url, OLD.primary_instrument, OLD.skill_level, OLD.created_at, OLD.updated_at, OLD.last_login_at, OLD.preferences, OLD.is_active)
  IS NOT (NEW.id, NEW.email, NEW.display_name, NEW.avatar_url, NEW.primary_instrument, NEW.skill_level, NEW.created_at, NEW.updated_at, NEW.last_login_at, NEW.preferences, NEW.is_active)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.id;
  DELETE FROM changes WHERE user_id = NEW.id AND entity = 'profile' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'profile', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.id;
END;

DROP TRIGGER trg_sheet_music_change_update;
CREATE TRIGGER trg_sheet_music_change_update AFTER UPDATE ON sheet_music
WHEN NEW.user_id IS NOT NULL AND (OLD.id, OLD.title, OLD.composer, OLD.opus, OLD.catalog_number, OLD.instrument, OLD.difficulty_level, OLD.grade_level, OLD.duration_seconds, OLD.time_signature, OLD.key_signature, OLD.tempo_marking, OLD.suggested_tempo, OLD.style_period, OLD.tags, OLD.source_type, OLD.source_attribution, OLD.license_type, OLD.notation_data, OLD.audio_reference_url, OLD.search_text, OLD.composer_search, OLD.created_at, OLD.updated_at, OLD.is_active, OLD.user_id, OLD.create_hash, OLD.title_key)
  IS NOT (NEW.id, NEW.title, NEW.composer, NEW.opus, NEW.catalog_number, NEW.instrument, NEW.difficulty_level, NEW.grade_level, NEW.duration_seconds, NEW.time_signature, NEW.key_signature, NEW.tempo_marking, NEW.suggested_tempo, NEW.style_period, NEW.tags, NEW.source_type, NEW.source_attribution, NEW.license_type, NEW.notation_data, NEW.audio_reference_url, NEW.search_text, NEW.composer_search, NEW.created_at, NEW.updated_at, NEW.is_active, NEW.user_id, NEW.create_hash, NEW.title_key)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'piece' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'piece', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;

DROP TRIGGER trg_plan_items_change_update;
CREATE TRIGGER trg_plan_items_change_update AFTER UPDATE ON plan_items
WHEN (OLD.id, OLD.user_id, OLD.sheet_music_id, OLD.exercise, OLD.instrument, OLD.target_minutes, OLD.activity_type, OLD.focus_areas, OLD.target_tempo, OLD.notes, OLD.schedule, OLD.every_days, OLD.weekdays, OLD.start_day, OLD.end_day, OLD.position, OLD.paused, OLD.skipped_days, OLD.created_at, OLD.updated_at, OLD.create_hash)
  IS NOT (NEW.id, NEW.user_id, NEW.sheet_music_id, NEW.exercise, NEW.instrument, NEW.target_minutes, NEW.activity_type, NEW.focus_areas, NEW.target_tempo, NEW.notes, NEW.schedule, NEW.every_days, NEW.weekdays, NEW.start_day, NEW.end_day, NEW.position, NEW.paused, NEW.skipped_days, NEW.created_at, NEW.updated_at, NEW.create_hash)
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = 'plan_item' AND entity_id = NEW.id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, 'plan_item', NEW.id, FALSE FROM change_heads WHERE user_id = NEW.user_id;
END;
