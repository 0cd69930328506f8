-- A change of the feed also tells every host's listener (EventSignals, channel mirubato_events)
-- at commit, as events do, so `myChanges` streams wait instead of polling: the payload is
-- "USER changes ENTITY ID". SQLite's streams read the feed itself (no migration there).
CREATE OR REPLACE FUNCTION mirubato_record_change() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  item jsonb;
  owner text;
  next bigint;
  horizon text := to_char((now() - interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
BEGIN
  IF TG_OP = 'DELETE' THEN item := to_jsonb(OLD); ELSE item := to_jsonb(NEW); END IF;
  owner := item ->> TG_ARGV[2];
  UPDATE change_heads SET seq = seq + 1 WHERE user_id = owner RETURNING seq INTO next;
  IF next IS NULL THEN RETURN NULL; END IF;
  DELETE FROM changes WHERE user_id = owner AND entity = TG_ARGV[0] AND entity_id = item ->> TG_ARGV[1];
  INSERT INTO changes (user_id, seq, entity, entity_id, deleted) VALUES (owner, next, TG_ARGV[0], item ->> TG_ARGV[1], TG_OP = 'DELETE');
  IF TG_OP = 'DELETE' THEN
    UPDATE change_heads SET pruned_through = greatest(pruned_through, coalesce((SELECT max(seq) FROM changes
      WHERE user_id = owner AND deleted AND changed_at < horizon), 0)) WHERE user_id = owner;
    DELETE FROM changes WHERE user_id = owner AND deleted AND changed_at < horizon;
  END IF;
  PERFORM pg_notify('mirubato_events', owner || ' changes ' || TG_ARGV[0] || ' ' || (item ->> TG_ARGV[1]));
  RETURN NULL;
END $$;
