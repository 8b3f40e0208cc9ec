-- Issue 12: stacking pathways. A provider (as the receiving side, or for its own larger
-- credentials) owns a pathway: its rules as JSON (`model::pathway::PathwayRules`), checked by
-- the program; withdrawn pathways stay for the credentials they awarded.
CREATE TABLE pathways (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    rules TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX pathways_provider ON pathways (provider_id, created_at);
