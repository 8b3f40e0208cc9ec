-- Issue 10: the statistics' counts, grouped by provider, offering and term (of the enrolment
-- date for enrolments and progress, of the issuing date for credentials), changed by every
-- learning write in its own transaction (sql_store/learning/counts.rs) so an overview reads
-- groups, not learners. A term is January–August (`YYYY-01`) or September–December
-- (`YYYY-09`): calendar years and academic years from 1 September both add up from terms.
-- The program fills them after migration 11 (which replaced stat_enrolments) from the learning
-- tables, with the recount `microcred statistics recount` runs. Keys begin with provider_id
-- (co-located per provider).
CREATE TABLE stat_enrolments (
    provider_id TEXT NOT NULL,
    offering_id TEXT NOT NULL,
    term TEXT NOT NULL,
    employment_status TEXT NOT NULL,
    -- The funding scheme's code, or '' for none.
    funding_scheme TEXT NOT NULL,
    enrolments BIGINT NOT NULL,
    with_amount BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    PRIMARY KEY (provider_id, offering_id, term, employment_status, funding_scheme)
);
CREATE INDEX stat_enrolments_month ON stat_enrolments (term);

-- Credentials not replaced by a correction, by route of their result and current state.
CREATE TABLE stat_credentials (
    provider_id TEXT NOT NULL,
    offering_id TEXT NOT NULL,
    term TEXT NOT NULL,
    route TEXT NOT NULL,
    state TEXT NOT NULL,
    credentials BIGINT NOT NULL,
    PRIMARY KEY (provider_id, offering_id, term, route, state)
);
CREATE INDEX stat_credentials_month ON stat_credentials (term);

-- Enrolments and how far they got (each a count of enrolments with at least one such record).
CREATE TABLE stat_completion (
    provider_id TEXT NOT NULL,
    offering_id TEXT NOT NULL,
    term TEXT NOT NULL,
    enrolled BIGINT NOT NULL,
    assessed BIGINT NOT NULL,
    passed BIGINT NOT NULL,
    credentialed BIGINT NOT NULL,
    validation_requested BIGINT NOT NULL,
    validation_passed BIGINT NOT NULL,
    validation_credentialed BIGINT NOT NULL,
    PRIMARY KEY (provider_id, offering_id, term)
);
CREATE INDEX stat_completion_month ON stat_completion (term);
