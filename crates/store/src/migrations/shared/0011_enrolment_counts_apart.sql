-- Issue 10: enrolments are counted per employment status and, apart, per funding scheme. No
-- overview needs the two together, and one table of both (stat_enrolments) held every
-- combination: at 2,000 offerings and five years it grew to about 240,000 groups, and the
-- enrolments overview spent seconds reading them. The program fills the new tables after this
-- file from the learning tables (the recount of `microcred statistics recount`). No index on
-- the term: an overview reads most of a table, and the key begins with the provider for the
-- provider's own overviews.
DROP TABLE stat_enrolments;

CREATE TABLE stat_enrolment_status (
    provider_id TEXT NOT NULL,
    offering_id TEXT NOT NULL,
    term TEXT NOT NULL,
    employment_status TEXT NOT NULL,
    enrolments BIGINT NOT NULL,
    PRIMARY KEY (provider_id, offering_id, term, employment_status)
);

CREATE TABLE stat_enrolment_funding (
    provider_id TEXT NOT NULL,
    offering_id TEXT NOT NULL,
    term TEXT NOT NULL,
    -- The funding scheme's code, or '' for none.
    funding_scheme TEXT NOT NULL,
    enrolments BIGINT NOT NULL,
    with_amount BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    PRIMARY KEY (provider_id, offering_id, term, funding_scheme)
);
