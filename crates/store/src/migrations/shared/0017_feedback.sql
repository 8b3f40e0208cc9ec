-- Issue 12: learners' feedback on an offering they completed, once per enrolment. Who
-- answered is kept (to let them change it for a while, and to blank it at erasure) and never
-- shown; providers and analysts see aggregates only from the statistics' threshold up.
CREATE TABLE offering_feedback (
    enrolment_id TEXT PRIMARY KEY REFERENCES enrolments (id),
    provider_id TEXT NOT NULL REFERENCES providers (id),
    offering_id TEXT NOT NULL REFERENCES offerings (id),
    account_id TEXT REFERENCES accounts (id),
    overall BIGINT NOT NULL CHECK (overall BETWEEN 1 AND 5),
    content BIGINT NOT NULL CHECK (content BETWEEN 1 AND 5),
    teaching BIGINT NOT NULL CHECK (teaching BETWEEN 1 AND 5),
    assessment BIGINT NOT NULL CHECK (assessment BETWEEN 1 AND 5),
    -- The workload against the stated ECTS and hours: -2 much less … 0 as stated … 2 much more.
    workload BIGINT NOT NULL CHECK (workload BETWEEN -2 AND 2),
    comment TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The statistics' half-year of the first answer (`YYYY-01` or `YYYY-09`).
    term TEXT NOT NULL
);
CREATE INDEX offering_feedback_offering ON offering_feedback (offering_id, term);
CREATE INDEX offering_feedback_account ON offering_feedback (account_id);
-- The `feedback` overview's counts, in the form of the other count tables.
CREATE VIEW stat_feedback AS
SELECT provider_id, offering_id, term,
       1 AS responses,
       CASE WHEN overall >= 4 THEN 1 ELSE 0 END AS satisfied,
       CASE WHEN workload > 0 THEN 1 ELSE 0 END AS workload_more,
       CASE WHEN workload < 0 THEN 1 ELSE 0 END AS workload_less
FROM offering_feedback;
