-- Every connection to the file parses the whole schema at its first statement, and a process
-- that answers one request (`mirubato handle`, CGI) opens a connection every time: 159
-- definitions, 49 KB of SQL, about 2 ms of such a process. More than half of that text was the
-- change feed's 32 triggers, each repeating the same three statements (five for a delete) that
-- number the change and record it. Those statements now live once, in the INSTEAD OF trigger
-- of a view, as PostgreSQL's keep them in one function (`mirubato_record_change`); each table's
-- trigger inserts its change into the view. Same rows, same order, same conditions: only
-- where the statements are written changes (the schema parsed: 26 KB of triggers down to 15 KB).
CREATE VIEW change_feed AS SELECT NULL AS user_id, NULL AS entity, NULL AS entity_id, NULL AS deleted WHERE 0;
CREATE TRIGGER trg_change_feed INSTEAD OF INSERT ON change_feed
BEGIN
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = NEW.user_id;
  DELETE FROM changes WHERE user_id = NEW.user_id AND entity = NEW.entity AND entity_id = NEW.entity_id;
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted)
    SELECT user_id, seq, NEW.entity, NEW.entity_id, NEW.deleted FROM change_heads WHERE user_id = NEW.user_id;
  UPDATE change_heads SET pruned_through = max(pruned_through, coalesce((SELECT max(seq) FROM changes
    WHERE user_id = NEW.user_id AND deleted AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')), 0))
    WHERE NEW.deleted AND user_id = NEW.user_id;
  DELETE FROM changes WHERE NEW.deleted AND user_id = NEW.user_id AND deleted
    AND changed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days');
END;
DROP TRIGGER trg_comments_student_change_delete;
CREATE TRIGGER trg_comments_student_change_delete AFTER DELETE ON comments
BEGIN INSERT INTO change_feed VALUES (OLD.student_id, 'comment', OLD.id, TRUE); END;
DROP TRIGGER trg_comments_student_change_insert;
CREATE TRIGGER trg_comments_student_change_insert AFTER INSERT ON comments
BEGIN INSERT INTO change_feed VALUES (NEW.student_id, 'comment', NEW.id, FALSE); END;
DROP TRIGGER trg_comments_student_change_update;
CREATE TRIGGER trg_comments_student_change_update AFTER UPDATE ON comments
WHEN (OLD.id, OLD.student_id, OLD.teacher_id, OLD.author_id, OLD.log_id, OLD.session_id, OLD.body, OLD.created_at, OLD.updated_at)
  IS NOT (NEW.id, NEW.student_id, NEW.teacher_id, NEW.author_id, NEW.log_id, NEW.session_id, NEW.body, NEW.created_at, NEW.updated_at)
BEGIN INSERT INTO change_feed VALUES (NEW.student_id, 'comment', NEW.id, FALSE); END;
DROP TRIGGER trg_comments_teacher_change_delete;
CREATE TRIGGER trg_comments_teacher_change_delete AFTER DELETE ON comments
BEGIN INSERT INTO change_feed VALUES (OLD.teacher_id, 'comment', OLD.id, TRUE); END;
DROP TRIGGER trg_comments_teacher_change_insert;
CREATE TRIGGER trg_comments_teacher_change_insert AFTER INSERT ON comments
BEGIN INSERT INTO change_feed VALUES (NEW.teacher_id, 'comment', NEW.id, FALSE); END;
DROP TRIGGER trg_comments_teacher_change_update;
CREATE TRIGGER trg_comments_teacher_change_update AFTER UPDATE ON comments
WHEN (OLD.id, OLD.student_id, OLD.teacher_id, OLD.author_id, OLD.log_id, OLD.session_id, OLD.body, OLD.created_at, OLD.updated_at)
  IS NOT (NEW.id, NEW.student_id, NEW.teacher_id, NEW.author_id, NEW.log_id, NEW.session_id, NEW.body, NEW.created_at, NEW.updated_at)
BEGIN INSERT INTO change_feed VALUES (NEW.teacher_id, 'comment', NEW.id, FALSE); END;
DROP TRIGGER trg_goals_change_delete;
CREATE TRIGGER trg_goals_change_delete AFTER DELETE ON goals
BEGIN INSERT INTO change_feed VALUES (OLD.user_id, 'goal', OLD.id, TRUE); END;
DROP TRIGGER trg_goals_change_insert;
CREATE TRIGGER trg_goals_change_insert AFTER INSERT ON goals
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'goal', NEW.id, FALSE); END;
DROP TRIGGER trg_goals_change_update;
CREATE TRIGGER trg_goals_change_update AFTER UPDATE ON goals
WHEN (OLD.id, OLD.user_id, OLD.goal_type, OLD.title, OLD.target, OLD.sheet_music_id, OLD.deadline, OLD.completed_at, OLD.create_hash, OLD.created_at, OLD.updated_at)
  IS NOT (NEW.id, NEW.user_id, NEW.goal_type, NEW.title, NEW.target, NEW.sheet_music_id, NEW.deadline, NEW.completed_at, NEW.create_hash, NEW.created_at, NEW.updated_at)
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'goal', NEW.id, FALSE); END;
DROP TRIGGER trg_plan_items_change_delete;
CREATE TRIGGER trg_plan_items_change_delete AFTER DELETE ON plan_items
BEGIN INSERT INTO change_feed VALUES (OLD.user_id, 'plan_item', OLD.id, TRUE); END;
DROP TRIGGER trg_plan_items_change_insert;
CREATE TRIGGER trg_plan_items_change_insert AFTER INSERT ON plan_items
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'plan_item', NEW.id, FALSE); END;
DROP TRIGGER trg_plan_items_change_update;
CREATE TRIGGER trg_plan_items_change_update AFTER UPDATE ON plan_items
WHEN (OLD.id, OLD.user_id, OLD.sheet_music_id, OLD.exercise, OLD.instrument, OLD.target_minutes, OLD.activity_type, OLD.focus_areas, OLD.target_tempo, OLD.notes, OLD.schedule, OLD.every_days, OLD.weekdays, OLD.start_day, OLD.end_day, OLD.position, OLD.paused, OLD.skipped_days, OLD.created_at, OLD.updated_at, OLD.create_hash, OLD.assigned_by, OLD.declined_at)
  IS NOT (NEW.id, NEW.user_id, NEW.sheet_music_id, NEW.exercise, NEW.instrument, NEW.target_minutes, NEW.activity_type, NEW.focus_areas, NEW.target_tempo, NEW.notes, NEW.schedule, NEW.every_days, NEW.weekdays, NEW.start_day, NEW.end_day, NEW.position, NEW.paused, NEW.skipped_days, NEW.created_at, NEW.updated_at, NEW.create_hash, NEW.assigned_by, NEW.declined_at)
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'plan_item', NEW.id, FALSE); END;
DROP TRIGGER trg_practice_logs_change_delete;
CREATE TRIGGER trg_practice_logs_change_delete AFTER DELETE ON practice_logs
BEGIN INSERT INTO change_feed VALUES (OLD.user_id, 'log', OLD.id, TRUE); END;
DROP TRIGGER trg_practice_logs_change_insert;
CREATE TRIGGER trg_practice_logs_change_insert AFTER INSERT ON practice_logs
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'log', NEW.id, FALSE); END;
DROP TRIGGER trg_practice_logs_change_update;
CREATE TRIGGER trg_practice_logs_change_update AFTER UPDATE ON practice_logs
WHEN (OLD.id, OLD.user_id, OLD.session_id, OLD.sheet_music_id, OLD.activity_type, OLD.instrument, OLD.start_time, OLD.end_time, OLD.duration_seconds, OLD.composer, OLD.work_title, OLD.opus_number, OLD.movement_section, OLD.tempo_practiced, OLD.target_tempo, OLD.focus_areas, OLD.self_rating, OLD.accuracy_percentage, OLD.notes_played, OLD.notes_correct, OLD.practice_notes, OLD.audio_recording_url, OLD.created_at, OLD.updated_at, OLD.create_hash, OLD.local_day, OLD.plan_item_id)
  IS NOT (NEW.id, NEW.user_id, NEW.session_id, NEW.sheet_music_id, NEW.activity_type, NEW.instrument, NEW.start_time, NEW.end_time, NEW.duration_seconds, NEW.composer, NEW.work_title, NEW.opus_number, NEW.movement_section, NEW.tempo_practiced, NEW.target_tempo, NEW.focus_areas, NEW.self_rating, NEW.accuracy_percentage, NEW.notes_played, NEW.notes_correct, NEW.practice_notes, NEW.audio_recording_url, NEW.created_at, NEW.updated_at, NEW.create_hash, NEW.local_day, NEW.plan_item_id)
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'log', NEW.id, FALSE); END;
DROP TRIGGER trg_practice_sessions_change_delete;
CREATE TRIGGER trg_practice_sessions_change_delete AFTER DELETE ON practice_sessions
BEGIN INSERT INTO change_feed VALUES (OLD.user_id, 'session', OLD.id, TRUE); END;
DROP TRIGGER trg_practice_sessions_change_insert;
CREATE TRIGGER trg_practice_sessions_change_insert AFTER INSERT ON practice_sessions
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'session', NEW.id, FALSE); END;
DROP TRIGGER trg_practice_sessions_change_update;
CREATE TRIGGER trg_practice_sessions_change_update AFTER UPDATE ON practice_sessions
WHEN (OLD.id, OLD.user_id, OLD.instrument, OLD.sheet_music_id, OLD.session_date, OLD.start_time, OLD.end_time, OLD.duration_seconds, OLD.session_type, OLD.status, OLD.paused_at, OLD.paused_seconds, OLD.total_exercises, OLD.completed_exercises, OLD.notes_attempted, OLD.notes_correct, OLD.accuracy_percentage, OLD.notes, OLD.created_at, OLD.updated_at, OLD.last_activity_at, OLD.create_hash)
  IS NOT (NEW.id, NEW.user_id, NEW.instrument, NEW.sheet_music_id, NEW.session_date, NEW.start_time, NEW.end_time, NEW.duration_seconds, NEW.session_type, NEW.status, NEW.paused_at, NEW.paused_seconds, NEW.total_exercises, NEW.completed_exercises, NEW.notes_attempted, NEW.notes_correct, NEW.accuracy_percentage, NEW.notes, NEW.created_at, NEW.updated_at, NEW.last_activity_at, NEW.create_hash)
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'session', NEW.id, FALSE); END;
DROP TRIGGER trg_practice_templates_change_delete;
CREATE TRIGGER trg_practice_templates_change_delete AFTER DELETE ON practice_templates
BEGIN INSERT INTO change_feed VALUES (OLD.user_id, 'template', OLD.id, TRUE); END;
DROP TRIGGER trg_practice_templates_change_insert;
CREATE TRIGGER trg_practice_templates_change_insert AFTER INSERT ON practice_templates
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'template', NEW.id, FALSE); END;
DROP TRIGGER trg_practice_templates_change_update;
CREATE TRIGGER trg_practice_templates_change_update AFTER UPDATE ON practice_templates
WHEN (OLD.id, OLD.user_id, OLD.template_name, OLD.activity_type, OLD.composer, OLD.work_title, OLD.opus_number, OLD.movement_section, OLD.tempo, OLD.focus_areas, OLD.is_active, OLD.created_at, OLD.updated_at, OLD.create_hash)
  IS NOT (NEW.id, NEW.user_id, NEW.template_name, NEW.activity_type, NEW.composer, NEW.work_title, NEW.opus_number, NEW.movement_section, NEW.tempo, NEW.focus_areas, NEW.is_active, NEW.created_at, NEW.updated_at, NEW.create_hash)
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'template', NEW.id, FALSE); END;
DROP TRIGGER trg_repertoire_change_delete;
CREATE TRIGGER trg_repertoire_change_delete AFTER DELETE ON repertoire
BEGIN INSERT INTO change_feed VALUES (OLD.user_id, 'repertoire', OLD.sheet_music_id, TRUE); END;
DROP TRIGGER trg_repertoire_change_insert;
CREATE TRIGGER trg_repertoire_change_insert AFTER INSERT ON repertoire
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'repertoire', NEW.sheet_music_id, FALSE); END;
DROP TRIGGER trg_repertoire_change_update;
CREATE TRIGGER trg_repertoire_change_update AFTER UPDATE ON repertoire
WHEN (OLD.user_id, OLD.sheet_music_id, OLD.status, OLD.status_changed_at, OLD.links, OLD.practice_seconds, OLD.last_practiced_day, OLD.created_at, OLD.updated_at)
  IS NOT (NEW.user_id, NEW.sheet_music_id, NEW.status, NEW.status_changed_at, NEW.links, NEW.practice_seconds, NEW.last_practiced_day, NEW.created_at, NEW.updated_at)
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'repertoire', NEW.sheet_music_id, FALSE); END;
DROP TRIGGER trg_repertoire_status_changes_change_insert;
CREATE TRIGGER trg_repertoire_status_changes_change_insert AFTER INSERT ON repertoire_status_changes
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'repertoire', NEW.sheet_music_id, FALSE); END;
DROP TRIGGER trg_sheet_music_change_delete;
CREATE TRIGGER trg_sheet_music_change_delete AFTER DELETE ON sheet_music
WHEN OLD.user_id IS NOT NULL
BEGIN INSERT INTO change_feed VALUES (OLD.user_id, 'piece', OLD.id, TRUE); END;
DROP TRIGGER trg_sheet_music_change_insert;
CREATE TRIGGER trg_sheet_music_change_insert AFTER INSERT ON sheet_music
WHEN NEW.user_id IS NOT NULL
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'piece', NEW.id, FALSE); END;
DROP TRIGGER trg_sheet_music_change_update;
CREATE TRIGGER trg_sheet_music_change_update AFTER UPDATE ON sheet_music
WHEN NEW.user_id IS NOT NULL AND (OLD.id, OLD.title, OLD.composer, OLD.opus, OLD.catalog_number, OLD.instrument, OLD.difficulty_level, OLD.grade_level, OLD.duration_seconds, OLD.time_signature, OLD.key_signature, OLD.tempo_marking, OLD.suggested_tempo, OLD.style_period, OLD.tags, OLD.source_type, OLD.source_attribution, OLD.license_type, OLD.notation_data, OLD.audio_reference_url, OLD.search_text, OLD.composer_search, OLD.created_at, OLD.updated_at, OLD.is_active, OLD.user_id, OLD.create_hash, OLD.title_key)
  IS NOT (NEW.id, NEW.title, NEW.composer, NEW.opus, NEW.catalog_number, NEW.instrument, NEW.difficulty_level, NEW.grade_level, NEW.duration_seconds, NEW.time_signature, NEW.key_signature, NEW.tempo_marking, NEW.suggested_tempo, NEW.style_period, NEW.tags, NEW.source_type, NEW.source_attribution, NEW.license_type, NEW.notation_data, NEW.audio_reference_url, NEW.search_text, NEW.composer_search, NEW.created_at, NEW.updated_at, NEW.is_active, NEW.user_id, NEW.create_hash, NEW.title_key)
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'piece', NEW.id, FALSE); END;
DROP TRIGGER trg_user_sheet_music_progress_change_delete;
CREATE TRIGGER trg_user_sheet_music_progress_change_delete AFTER DELETE ON user_sheet_music_progress
BEGIN INSERT INTO change_feed VALUES (OLD.user_id, 'piece_progress', OLD.sheet_music_id, TRUE); END;
DROP TRIGGER trg_user_sheet_music_progress_change_insert;
CREATE TRIGGER trg_user_sheet_music_progress_change_insert AFTER INSERT ON user_sheet_music_progress
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'piece_progress', NEW.sheet_music_id, FALSE); END;
DROP TRIGGER trg_user_sheet_music_progress_change_update;
CREATE TRIGGER trg_user_sheet_music_progress_change_update AFTER UPDATE ON user_sheet_music_progress
WHEN (OLD.id, OLD.user_id, OLD.sheet_music_id, OLD.first_attempted_at, OLD.last_attempted_at, OLD.times_practiced, OLD.best_accuracy, OLD.average_accuracy, OLD.best_tempo, OLD.is_completed, OLD.is_starred, OLD.is_bookmarked, OLD.difficulty_rating, OLD.notes)
  IS NOT (NEW.id, NEW.user_id, NEW.sheet_music_id, NEW.first_attempted_at, NEW.last_attempted_at, NEW.times_practiced, NEW.best_accuracy, NEW.average_accuracy, NEW.best_tempo, NEW.is_completed, NEW.is_starred, NEW.is_bookmarked, NEW.difficulty_rating, NEW.notes)
BEGIN INSERT INTO change_feed VALUES (NEW.user_id, 'piece_progress', NEW.sheet_music_id, FALSE); END;
DROP TRIGGER trg_users_change_update;
CREATE TRIGGER trg_users_change_update AFTER UPDATE ON users
WHEN (OLD.id, OLD.email, OLD.display_name, OLD.avatar_url, OLD.primary_instrument, OLD.skill_level, OLD.created_at, OLD.updated_at, OLD.last_login_at, OLD.preferences, OLD.is_active)
  IS NOT (NEW.id, NEW.email, NEW.display_name, NEW.avatar_url, NEW.primary_instrument, NEW.skill_level, NEW.created_at, NEW.updated_at, NEW.last_login_at, NEW.preferences, NEW.is_active)
BEGIN INSERT INTO change_feed VALUES (NEW.id, 'profile', NEW.id, FALSE); END;
