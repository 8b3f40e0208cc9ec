-- Issue 11: an API token made by a staff member is theirs (api_tokens.account_id, migration
-- 12), expires, and shows when it was last used.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
CREATE INDEX api_tokens_account ON api_tokens (account_id);
