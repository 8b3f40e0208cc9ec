-- Issue 12: the receiving side's records.
-- A learner's stacked credential for a completed pathway: asked for (credential_id NULL) or
-- awarded (the credential, and the parts it was awarded for as JSON). One per pathway and
-- account: the primary key keeps a pathway from being awarded twice to one learner.
CREATE TABLE pathway_awards (
    pathway_id TEXT NOT NULL REFERENCES pathways (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    provider_id TEXT NOT NULL REFERENCES providers (id),
    learner_name TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    credential_id TEXT REFERENCES credentials (id),
    awarded_at TEXT,
    parts TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (pathway_id, account_id)
);
CREATE INDEX pathway_awards_credential ON pathway_awards (credential_id);
CREATE INDEX pathway_awards_provider ON pathway_awards (provider_id, requested_at);

-- A receiving organisation's recognition decision: about an offering (every credential of it,
-- published) or about one credential (a learner's request, or a credential shown to it); the
-- terms as JSON (`model::recognition::RecognitionTerms`), purpose and scope apart for the
-- statistics. Withdrawn decisions stay for the record.
CREATE TABLE recognition_decisions (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    offering_id TEXT REFERENCES offerings (id),
    credential_id TEXT,
    terms TEXT NOT NULL,
    purpose TEXT NOT NULL,
    scope TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    withdrawn_at TEXT,
    CHECK ((offering_id IS NULL AND credential_id IS NOT NULL) OR (offering_id IS NOT NULL AND credential_id IS NULL))
);
CREATE INDEX recognition_decisions_offering ON recognition_decisions (offering_id);
CREATE INDEX recognition_decisions_credential ON recognition_decisions (credential_id);
CREATE INDEX recognition_decisions_provider ON recognition_decisions (provider_id, decided_at);

-- A learner's request for recognition of a credential (the credential attached as sent), until
-- the organisation decides (decision_id) or the learner withdraws it (the row goes).
CREATE TABLE recognition_requests (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    credential_id TEXT NOT NULL,
    credential TEXT NOT NULL,
    purpose TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decision_id TEXT REFERENCES recognition_decisions (id),
    decided_at TEXT,
    UNIQUE (provider_id, account_id, credential_id, purpose)
);
CREATE INDEX recognition_requests_account ON recognition_requests (account_id, created_at);
CREATE INDEX recognition_requests_provider ON recognition_requests (provider_id, created_at);
