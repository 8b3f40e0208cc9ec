-- Issue 10: tokens may carry the analyst role (the statistics, nothing personal). SQLite cannot
-- change a CHECK constraint, so api_tokens is rebuilt; web_sessions, which refers to it, is
-- rebuilt first and empty: whoever was signed in on a page signs in again once.
DROP TABLE web_sessions;
CREATE TABLE api_tokens_new (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('platform_admin', 'provider_admin', 'issuer', 'analyst')),
    provider_id TEXT REFERENCES providers (id),
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
INSERT INTO api_tokens_new (id, secret_hash, role, provider_id, label, created_at, revoked_at)
    SELECT id, secret_hash, role, provider_id, label, created_at, revoked_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    token_id TEXT NOT NULL REFERENCES api_tokens (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
