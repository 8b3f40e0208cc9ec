-- Issue 13: OpenID for Verifiable Credential Issuance. A credential offer (by reference: the
-- wallet fetches its document) with a pre-authorized code — kept until it is redeemed or
-- expires, since the offer document must carry it —, an optional transaction code (hashed) and
-- the failed attempts at it; the access tokens the token endpoint gave (hashed); the nonces
-- the nonce endpoint gave (hashed, single-use).
CREATE TABLE vci_offers (
    id TEXT PRIMARY KEY,
    credential_id TEXT NOT NULL REFERENCES credentials (id),
    account_id TEXT REFERENCES accounts (id),
    code_hash TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL,
    tx_code_hash TEXT,
    tx_attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE TABLE vci_tokens (
    token_hash TEXT PRIMARY KEY,
    offer_id TEXT NOT NULL REFERENCES vci_offers (id),
    credential_id TEXT NOT NULL REFERENCES credentials (id),
    expires_at TEXT NOT NULL
);
CREATE TABLE vci_nonces (
    nonce_hash TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX vci_nonces_expiry ON vci_nonces (expires_at);
