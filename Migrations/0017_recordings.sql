-- Recordings: audio a musician attaches to a practice log. The bytes live in the database, in
-- chunks of at most 1 MiB, on both engines: one transaction writes the row and its bytes (a crash
-- leaves neither or both), and backup, restore, `mirubato copy`, the export and deleting a log or
-- an account cover them with no folder beside the database to keep in step. Playback serves a
-- copy the handler writes to a per-host cache folder, which nginx sends with Range support.
--
-- format is what the bytes were found to be (AudioFormat), never what the client said;
-- duration_ms is read from the container; sha256 is the digest of the whole file (the ETag, and
-- a check of every cached copy).
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  log_id TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('ogg', 'webm', 'mp4', 'wav')),
  byte_size INTEGER NOT NULL CHECK (byte_size > 0),
  duration_ms INTEGER NOT NULL CHECK (duration_ms BETWEEN 0 AND 86400000),
  sha256 TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (log_id) REFERENCES practice_logs(id) ON DELETE CASCADE
);
CREATE INDEX idx_recordings_log ON recordings(log_id, created_at);
CREATE INDEX idx_recordings_user ON recordings(user_id);

CREATE TABLE recording_chunks (
  recording_id TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  bytes BLOB NOT NULL,
  PRIMARY KEY (recording_id, seq),
  FOREIGN KEY (recording_id) REFERENCES recordings(id) ON DELETE CASCADE
);
