-- Issue 11: the learner's wallet. Records an issuer made under an e-mail address or a student
-- number reach the account that proved the address (a confirmation link) or whose student
-- number the provider confirmed; both are read at the time, so later records appear too.
ALTER TABLE enrolments ADD COLUMN learner_email TEXT;
ALTER TABLE enrolments ADD COLUMN learner_student TEXT;
UPDATE enrolments SET learner_email = lower(trim({{LEARNER_EMAIL}})),
    learner_student = trim({{LEARNER_STUDENT}});
CREATE INDEX enrolments_learner_email ON enrolments (learner_email);
CREATE INDEX enrolments_learner_student ON enrolments (provider_id, learner_student);

-- Addresses an account has proven, the sign-up address among them; one account per address.
CREATE TABLE account_addresses (
    email TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    confirmed_at TEXT NOT NULL
);
CREATE INDEX account_addresses_account ON account_addresses (account_id);
INSERT INTO account_addresses (email, account_id, confirmed_at)
    SELECT email, id, email_confirmed_at FROM accounts WHERE email_confirmed_at IS NOT NULL;

-- A student number a learner says is theirs at a provider; it counts once the provider's staff
-- confirmed it, and then for one account only.
CREATE TABLE account_student_numbers (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    provider_id TEXT NOT NULL REFERENCES providers (id),
    student_number TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    confirmed_at TEXT,
    confirmed_by TEXT,
    UNIQUE (account_id, provider_id, student_number)
);
CREATE UNIQUE INDEX account_student_numbers_confirmed
    ON account_student_numbers (provider_id, student_number) WHERE confirmed_at IS NOT NULL;
CREATE INDEX account_student_numbers_provider ON account_student_numbers (provider_id, requested_at);

-- The learner's DID for presentations and future credentials: a did:key the register made,
-- sealed under the master key, or one the learner brought (no key here).
CREATE TABLE learner_keys (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id),
    did TEXT NOT NULL,
    sealed_key {{BLOB}},
    created_at TEXT NOT NULL
);

-- Share links: the secret only hashed; opened at most view_limit times; each opening logged
-- with its time and nothing else.
CREATE TABLE share_links (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    view_limit BIGINT,
    views BIGINT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX share_links_account ON share_links (account_id, created_at);
CREATE TABLE share_link_items (
    share_id TEXT NOT NULL REFERENCES share_links (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('issued', 'imported')),
    credential_id TEXT NOT NULL,
    PRIMARY KEY (share_id, position)
);
CREATE TABLE share_link_views (
    share_id TEXT NOT NULL REFERENCES share_links (id),
    opened_at TEXT NOT NULL
);
CREATE INDEX share_link_views_share ON share_link_views (share_id, opened_at);

-- Credentials issued elsewhere that a learner uploaded, kept with the report of their
-- verification at upload.
CREATE TABLE imported_credentials (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    document TEXT NOT NULL,
    report TEXT NOT NULL,
    verified INTEGER NOT NULL,
    title TEXT NOT NULL,
    issuer TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX imported_credentials_account ON imported_credentials (account_id, imported_at);

-- An erased account keeps its id (the audit log names it) and nothing that identifies anyone.
ALTER TABLE accounts ADD COLUMN erased_at TEXT;
