-- The portable SQL subset (docs/scaling.md): every table of a provider's data is keyed with
-- `provider_id` first, and refers to another such table with `provider_id` in the key, so that
-- Citus can distribute them all by `provider_id` and keep a provider's rows on one node
-- (co-located joins and foreign keys). The offering's own tables get the column they lacked.
--
-- PostgreSQL keeps more than Citus can: a unique index on each record's id alone
-- (`*_id_unique`), which is also the index a lookup by id alone uses, and three foreign keys that
-- cross providers (a recognition decision about another provider's offering, a wallet offer's
-- and token's credential). Moving to Citus drops those (docs/scaling.md, "→ Citus").
ALTER TABLE offering_versions ADD COLUMN provider_id TEXT;
ALTER TABLE offering_languages ADD COLUMN provider_id TEXT;
ALTER TABLE offering_funding ADD COLUMN provider_id TEXT;
UPDATE offering_versions t SET provider_id = o.provider_id FROM offerings o WHERE o.id = t.offering_id;
UPDATE offering_languages t SET provider_id = o.provider_id FROM offerings o WHERE o.id = t.offering_id;
UPDATE offering_funding t SET provider_id = o.provider_id FROM offerings o WHERE o.id = t.offering_id;
ALTER TABLE offering_versions ALTER COLUMN provider_id SET NOT NULL;
ALTER TABLE offering_languages ALTER COLUMN provider_id SET NOT NULL;
ALTER TABLE offering_funding ALTER COLUMN provider_id SET NOT NULL;

-- The old keys go, and with them (CASCADE) every foreign key that refers to them.
ALTER TABLE offerings DROP CONSTRAINT offerings_pkey CASCADE;
ALTER TABLE offering_versions DROP CONSTRAINT offering_versions_pkey;
ALTER TABLE offering_languages DROP CONSTRAINT offering_languages_pkey;
ALTER TABLE offering_funding DROP CONSTRAINT offering_funding_pkey;
ALTER TABLE enrolments DROP CONSTRAINT enrolments_pkey CASCADE;
ALTER TABLE assessments DROP CONSTRAINT assessments_pkey CASCADE;
ALTER TABLE credentials DROP CONSTRAINT credentials_pkey CASCADE;
ALTER TABLE credentials DROP CONSTRAINT credentials_assessment_id_key;
ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_pkey CASCADE;
ALTER TABLE pathways DROP CONSTRAINT pathways_pkey CASCADE;
ALTER TABLE pathway_awards DROP CONSTRAINT pathway_awards_pkey;
ALTER TABLE recognition_decisions DROP CONSTRAINT recognition_decisions_pkey CASCADE;
ALTER TABLE recognition_requests DROP CONSTRAINT recognition_requests_pkey;
ALTER TABLE offering_feedback DROP CONSTRAINT offering_feedback_pkey;

-- The new keys, provider first.
ALTER TABLE offerings ADD PRIMARY KEY (provider_id, id);
ALTER TABLE offering_versions ADD PRIMARY KEY (provider_id, offering_id, version);
ALTER TABLE offering_languages ADD PRIMARY KEY (provider_id, offering_id, language);
ALTER TABLE offering_funding ADD PRIMARY KEY (provider_id, offering_id, scheme);
ALTER TABLE enrolments ADD PRIMARY KEY (provider_id, id);
ALTER TABLE assessments ADD PRIMARY KEY (provider_id, id);
ALTER TABLE credentials ADD PRIMARY KEY (provider_id, id);
ALTER TABLE credentials ADD CONSTRAINT credentials_assessment_key UNIQUE (provider_id, assessment_id);
ALTER TABLE import_jobs ADD PRIMARY KEY (provider_id, id);
ALTER TABLE pathways ADD PRIMARY KEY (provider_id, id);
ALTER TABLE pathway_awards ADD PRIMARY KEY (provider_id, pathway_id, account_id);
ALTER TABLE recognition_decisions ADD PRIMARY KEY (provider_id, id);
ALTER TABLE recognition_requests ADD PRIMARY KEY (provider_id, id);
ALTER TABLE offering_feedback ADD PRIMARY KEY (provider_id, enrolment_id);

-- A record's id alone stays unique on PostgreSQL (and is how a lookup by id finds it).
CREATE UNIQUE INDEX offerings_id_unique ON offerings (id);
CREATE UNIQUE INDEX enrolments_id_unique ON enrolments (id);
CREATE UNIQUE INDEX assessments_id_unique ON assessments (id);
CREATE UNIQUE INDEX credentials_id_unique ON credentials (id);
CREATE UNIQUE INDEX import_jobs_id_unique ON import_jobs (id);
CREATE UNIQUE INDEX pathways_id_unique ON pathways (id);
CREATE UNIQUE INDEX recognition_decisions_id_unique ON recognition_decisions (id);
CREATE UNIQUE INDEX recognition_requests_id_unique ON recognition_requests (id);
CREATE UNIQUE INDEX offering_feedback_id_unique ON offering_feedback (enrolment_id);
-- What the old keys also served: an offering's rows found by its id, a pathway's awards.
CREATE INDEX offering_versions_offering ON offering_versions (offering_id, version);
CREATE INDEX offering_languages_offering ON offering_languages (offering_id);
CREATE INDEX offering_funding_offering ON offering_funding (offering_id);
CREATE INDEX pathway_awards_pathway ON pathway_awards (pathway_id, account_id);

-- Foreign keys within a provider's data, provider first.
ALTER TABLE offering_versions ADD FOREIGN KEY (provider_id, offering_id) REFERENCES offerings (provider_id, id);
ALTER TABLE offering_languages ADD FOREIGN KEY (provider_id, offering_id) REFERENCES offerings (provider_id, id);
ALTER TABLE offering_funding ADD FOREIGN KEY (provider_id, offering_id) REFERENCES offerings (provider_id, id);
ALTER TABLE enrolments ADD FOREIGN KEY (provider_id, offering_id) REFERENCES offerings (provider_id, id);
ALTER TABLE assessments ADD FOREIGN KEY (provider_id, enrolment_id) REFERENCES enrolments (provider_id, id);
ALTER TABLE assessments ADD FOREIGN KEY (provider_id, offering_id) REFERENCES offerings (provider_id, id);
ALTER TABLE credentials ADD FOREIGN KEY (provider_id, offering_id) REFERENCES offerings (provider_id, id);
ALTER TABLE credentials ADD FOREIGN KEY (provider_id, enrolment_id) REFERENCES enrolments (provider_id, id);
ALTER TABLE credentials ADD FOREIGN KEY (provider_id, assessment_id) REFERENCES assessments (provider_id, id);
ALTER TABLE import_jobs ADD FOREIGN KEY (provider_id, offering_id) REFERENCES offerings (provider_id, id);
ALTER TABLE offering_feedback ADD FOREIGN KEY (provider_id, enrolment_id) REFERENCES enrolments (provider_id, id);
ALTER TABLE offering_feedback ADD FOREIGN KEY (provider_id, offering_id) REFERENCES offerings (provider_id, id);
ALTER TABLE pathway_awards ADD FOREIGN KEY (provider_id, pathway_id) REFERENCES pathways (provider_id, id);
ALTER TABLE pathway_awards ADD FOREIGN KEY (provider_id, credential_id) REFERENCES credentials (provider_id, id);
ALTER TABLE recognition_requests ADD FOREIGN KEY (provider_id, decision_id) REFERENCES recognition_decisions (provider_id, id);

-- Across providers, on the ids alone (PostgreSQL only; see above).
ALTER TABLE recognition_decisions ADD FOREIGN KEY (offering_id) REFERENCES offerings (id);
ALTER TABLE vci_offers ADD FOREIGN KEY (credential_id) REFERENCES credentials (id);
ALTER TABLE vci_tokens ADD FOREIGN KEY (credential_id) REFERENCES credentials (id);
