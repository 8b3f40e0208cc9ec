-- Issue 4: provider signing keys, enrolments, assessments, issued credentials and their status
-- lists, bulk imports, and the trusted-issuer lists imported from elsewhere.

-- Ed25519 keys per provider. The seed is sealed under the server's master key (hex of nonce ‖
-- ciphertext ‖ tag); retired keys stay so that credentials they signed keep verifying.
CREATE TABLE provider_keys (
    provider_id TEXT NOT NULL REFERENCES providers (id),
    key_number INTEGER NOT NULL,
    public_key TEXT NOT NULL,
    sealed_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT,
    PRIMARY KEY (provider_id, key_number)
);

-- One enrolment per learner per offering: learner_key is the learner's strongest identifier.
CREATE TABLE enrolments (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    offering_id TEXT NOT NULL REFERENCES offerings (id),
    learner_key TEXT NOT NULL,
    learner_name TEXT NOT NULL,
    learner TEXT NOT NULL,
    employment_status TEXT NOT NULL,
    enrolled_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (offering_id, learner_key)
);
CREATE INDEX enrolments_provider ON enrolments (provider_id, enrolled_on);

CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    provider_id TEXT NOT NULL REFERENCES providers (id),
    offering_id TEXT NOT NULL REFERENCES offerings (id),
    offering_version INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    route TEXT NOT NULL,
    assessed_on TEXT NOT NULL,
    outcome TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX assessments_enrolment ON assessments (enrolment_id);
CREATE INDEX assessments_provider ON assessments (provider_id, assessed_on);
-- Issuing every pending result pages through a provider's results by id.
CREATE INDEX assessments_provider_id ON assessments (provider_id, id);

-- One credential per assessment; one status slot (list, index) per credential and provider:
-- the database refuses a second credential for an assessment and a reused slot.
CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    offering_id TEXT NOT NULL REFERENCES offerings (id),
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    assessment_id TEXT NOT NULL UNIQUE REFERENCES assessments (id),
    learner_name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked')),
    issued_at TEXT NOT NULL,
    status_list INTEGER NOT NULL,
    status_index INTEGER NOT NULL,
    status_reason TEXT,
    status_changed_at TEXT,
    replaced_by TEXT,
    document TEXT NOT NULL,
    UNIQUE (provider_id, status_list, status_index)
);
CREATE INDEX credentials_provider ON credentials (provider_id, issued_at);
CREATE INDEX credentials_enrolment ON credentials (enrolment_id);
CREATE INDEX credentials_state ON credentials (provider_id, status_list, state);

-- A provider's status lists; revision grows with every state change of one of its credentials
-- (the ETag of the served list); used counts the slots taken, kept in the same transaction as
-- the credentials, so choosing a list does not count them. The signed list credential is cached
-- per purpose and revision.
CREATE TABLE status_lists (
    provider_id TEXT NOT NULL REFERENCES providers (id),
    list_number INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (provider_id, list_number)
);
CREATE TABLE status_list_documents (
    provider_id TEXT NOT NULL,
    list_number INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    revision INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (provider_id, list_number, purpose)
);

-- Bulk imports. The uploaded file is kept until the job is done, so a restarted server resumes
-- it; every applied row is recorded in the same transaction as its effect, so a row is applied
-- exactly once however often the file is uploaded or the job resumed.
CREATE TABLE import_jobs (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    offering_id TEXT NOT NULL REFERENCES offerings (id),
    kind TEXT NOT NULL CHECK (kind IN ('enrolments', 'results')),
    file_name TEXT NOT NULL,
    content {{BLOB}},
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    total_rows INTEGER NOT NULL,
    processed_rows INTEGER NOT NULL,
    applied_rows INTEGER NOT NULL,
    skipped_rows INTEGER NOT NULL,
    failed_rows INTEGER NOT NULL,
    issued_credentials INTEGER NOT NULL,
    errors TEXT NOT NULL,
    message TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX import_jobs_provider ON import_jobs (provider_id, created_at);
CREATE TABLE import_rows (
    provider_id TEXT NOT NULL,
    offering_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    row_key TEXT NOT NULL,
    job_id TEXT NOT NULL,
    row_number INTEGER NOT NULL,
    enrolment_id TEXT,
    assessment_id TEXT,
    credential_id TEXT,
    PRIMARY KEY (provider_id, offering_id, kind, row_key)
);
CREATE INDEX import_rows_job ON import_rows (job_id, row_number);

-- Issuers trusted beside the register's own published providers (imported trust lists).
CREATE TABLE trusted_issuers (
    issuer_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    added_at TEXT NOT NULL
);
