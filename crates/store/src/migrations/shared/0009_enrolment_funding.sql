-- Issue 10: the funding scheme that financed an enrolment (a code of funding_schemes) and the
-- amount in euro cents, both optional, for the statistics of funding per scheme and year.
ALTER TABLE enrolments ADD COLUMN funding_scheme TEXT;
ALTER TABLE enrolments ADD COLUMN funding_cents BIGINT;
