-- Issue 13: OpenID4VCI's authorization code flow — a learner's consent is stored as an offer
-- of the credential they chose, redeemed with the wallet's PKCE verifier at its redirect URI —;
-- what OpenID4VCI delivered per offer — each credential configuration (format) once —
-- and the verifier's OpenID4VP presentation requests: a public handle (in the wallet's
-- response URI), the hashed key of the verifier's result page, the nonce and state the
-- wallet must answer with, what is asked for, and the verified result (kept one day).
ALTER TABLE vci_offers ADD COLUMN client_id TEXT;
ALTER TABLE vci_offers ADD COLUMN redirect_uri TEXT;
ALTER TABLE vci_offers ADD COLUMN code_challenge TEXT;
CREATE TABLE vci_deliveries (
    offer_id TEXT NOT NULL REFERENCES vci_offers (id),
    configuration TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    PRIMARY KEY (offer_id, configuration)
);
CREATE TABLE vp_requests (
    id TEXT PRIMARY KEY,
    view_hash TEXT NOT NULL UNIQUE,
    nonce TEXT NOT NULL,
    state TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    responded_at TEXT,
    result TEXT
);
CREATE INDEX vp_requests_expiry ON vp_requests (expires_at);
