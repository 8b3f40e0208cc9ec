-- Issue 11: signing in with OpenID Connect. The identity providers a platform admin
-- configured (the client secret sealed under the master key), which subject of which
-- provider is which account, and the logins under way (state, nonce and PKCE verifier; each
-- taken once, when the provider sends the browser back).
CREATE TABLE identity_providers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    issuer TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL,
    sealed_secret TEXT NOT NULL,
    scopes TEXT NOT NULL,
    -- Whether a first sign-in may make a learner account for an address the provider says it
    -- verified (otherwise only people who linked their account from its page get in).
    creates_accounts BIGINT NOT NULL CHECK (creates_accounts IN (0, 1)),
    created_at TEXT NOT NULL,
    disabled_at TEXT
);
CREATE TABLE account_identities (
    idp_id TEXT NOT NULL REFERENCES identity_providers (id),
    subject TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (idp_id, subject),
    UNIQUE (account_id, idp_id)
);
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    idp_id TEXT NOT NULL REFERENCES identity_providers (id),
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    -- Set when a signed-in person links this provider to their account.
    link_account_id TEXT REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);
