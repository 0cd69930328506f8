-- Sign-in and account tables: single-use magic links, sign-in sessions (refresh-token families),
-- rotating refresh tokens and the mail outbox. Tokens are stored only as SHA-256 hashes.

CREATE TABLE magic_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  used_at DATETIME,
  -- The tokens issued by the first verify, encrypted, kept for a few seconds so a browser's
  -- double request gets the same session; wiped afterwards.
  grace_payload TEXT,
  grace_until DATETIME
);

CREATE INDEX idx_magic_links_email ON magic_links(email, created_at);
CREATE INDEX idx_magic_links_expires ON magic_links(expires_at);

CREATE TABLE auth_sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  last_used_at DATETIME NOT NULL,
  revoked_at DATETIME,
  revoked_reason TEXT CHECK (revoked_reason IS NULL OR revoked_reason IN ('logout', 'reuse_detected', 'account_deleted')),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);

CREATE INDEX idx_auth_sessions_user ON auth_sessions(user_id);

CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  rotated_at DATETIME,
  FOREIGN KEY (session_id) REFERENCES auth_sessions(id) ON DELETE CASCADE,
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);

CREATE INDEX idx_refresh_tokens_session ON refresh_tokens(session_id);
CREATE INDEX idx_refresh_tokens_user ON refresh_tokens(user_id);

CREATE TABLE email_outbox (
  id TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  sent_at DATETIME,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT
);

CREATE INDEX idx_email_outbox_pending ON email_outbox(created_at) WHERE sent_at IS NULL;
CREATE INDEX idx_email_outbox_recipient ON email_outbox(recipient);
