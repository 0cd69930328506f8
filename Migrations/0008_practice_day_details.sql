-- Practice per local day, instrument, activity and piece: the aggregate `myStatistics` sums its
-- per-activity and per-piece breakdowns from over any range of days, without reading the logs.
-- Kept current in the transaction of every write to a log, as practice_days is, and recomputed
-- with it by `mirubato progress rebuild`. A log of no piece counts under sheet_music_id '' (a
-- unique key does not take NULLs as equal).
CREATE TABLE practice_day_details (
  user_id TEXT NOT NULL,
  instrument TEXT NOT NULL CHECK (instrument IN ('piano', 'guitar')),
  day TEXT NOT NULL,
  activity_type TEXT NOT NULL,
  sheet_music_id TEXT NOT NULL,
  logs INTEGER NOT NULL CHECK (logs > 0),
  seconds INTEGER NOT NULL CHECK (seconds >= 0),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  UNIQUE (user_id, day, instrument, activity_type, sheet_music_id)
);

INSERT INTO practice_day_details (user_id, instrument, day, activity_type, sheet_music_id, logs, seconds)
SELECT user_id, instrument, local_day, activity_type, coalesce(sheet_music_id, ''), count(*), coalesce(sum(duration_seconds), 0)
FROM practice_logs WHERE local_day IS NOT NULL
GROUP BY user_id, instrument, local_day, activity_type, coalesce(sheet_music_id, '');
