-- Events for live subscriptions: mutations append one in the same transaction as the change;
-- Server-Sent Event streams poll for rows newer than the last one they delivered. Rows carry
-- only what changed (topic and id), never content, and are pruned after a day.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL,
  topic TEXT NOT NULL CHECK (topic IN ('practice_session', 'achievement')),
  subject_id TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);

CREATE INDEX idx_events_user_topic ON events(user_id, topic, id);
CREATE INDEX idx_events_created ON events(created_at);
