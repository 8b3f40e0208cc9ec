-- Issue 11: people who sign in. Learners sign themselves up; staff are invited. An address is
-- stored in lower case and matched exactly. Passwords only as Argon2id PHC strings; session
-- and single-use secrets only as SHA-256 hashes.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- A staff role (the codes of api_tokens.role), or NULL for a learner.
    role TEXT CHECK (role IS NULL OR role IN ('platform_admin', 'provider_admin', 'issuer', 'analyst')),
    provider_id TEXT REFERENCES providers (id),
    -- NULL until the invitation is accepted.
    password_hash TEXT,
    email_confirmed_at TEXT,
    created_at TEXT NOT NULL,
    disabled_at TEXT
);
CREATE INDEX accounts_provider ON accounts (provider_id, created_at);

-- A signed-in browser; renewed at every sign-in, ended at sign-out, at a password change and
-- when the account is disabled.
CREATE TABLE account_sessions (
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX account_sessions_account ON account_sessions (account_id);

-- Secrets sent by e-mail, each for one use before it expires: confirming an address, resetting
-- a password, accepting an invitation.
CREATE TABLE account_links (
    id_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password', 'invitation')),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX account_links_account ON account_links (account_id);

-- Failed sign-ins per account and per address, for the waiting time before the next try.
CREATE TABLE sign_in_failures (
    subject TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at TEXT NOT NULL,
    locked_until TEXT
);

-- Messages to send: by SMTP when configured, otherwise to the log (and, on a demo register, a
-- page for the operator). Written in the transaction of what caused them.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts BIGINT NOT NULL,
    last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, created_at);

-- Who did what; only ever appended to.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_label TEXT NOT NULL,
    -- The provider the action concerns, if one.
    provider_id TEXT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_provider ON audit_log (provider_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- API tokens are owned by an account (NULL: made by the operator at the machine, or before).
ALTER TABLE api_tokens ADD COLUMN account_id TEXT REFERENCES accounts (id);
