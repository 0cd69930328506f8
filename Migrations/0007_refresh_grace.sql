-- A refresh token's answer is kept, sealed, for a few seconds after it is rotated, so two tabs
-- that refresh with the same token at once both get the new pair; a reuse after the grace
-- still revokes the session.
ALTER TABLE refresh_tokens ADD COLUMN grace_payload TEXT;
ALTER TABLE refresh_tokens ADD COLUMN grace_until DATETIME;
CREATE INDEX idx_refresh_tokens_grace ON refresh_tokens(grace_until) WHERE grace_until IS NOT NULL;
