-- idx_progress_user (user_id) and idx_progress_instrument (user_id, instrument), from the design,
-- are prefixes of progress_tracking's unique key (user_id, instrument, skill_area), whose index
-- answers every query they could: each only cost a page write whenever an area row was written.
DROP INDEX IF EXISTS idx_progress_user;
DROP INDEX IF EXISTS idx_progress_instrument;
