-- The portable SQL subset (docs/scaling.md) keys a provider's data with `provider_id` first on
-- PostgreSQL (migration 25 there), for Citus. One SQLite file has no nodes to spread rows over:
-- its keys stay; it gets the same columns (an offering's own tables get the provider they
-- lacked) and the unique index the award upsert names as its conflict target.
ALTER TABLE offering_versions ADD COLUMN provider_id TEXT NOT NULL DEFAULT '';
ALTER TABLE offering_languages ADD COLUMN provider_id TEXT NOT NULL DEFAULT '';
ALTER TABLE offering_funding ADD COLUMN provider_id TEXT NOT NULL DEFAULT '';
UPDATE offering_versions SET provider_id = (SELECT o.provider_id FROM offerings o WHERE o.id = offering_versions.offering_id);
UPDATE offering_languages SET provider_id = (SELECT o.provider_id FROM offerings o WHERE o.id = offering_languages.offering_id);
UPDATE offering_funding SET provider_id = (SELECT o.provider_id FROM offerings o WHERE o.id = offering_funding.offering_id);
CREATE UNIQUE INDEX pathway_awards_provider_key ON pathway_awards (provider_id, pathway_id, account_id);
