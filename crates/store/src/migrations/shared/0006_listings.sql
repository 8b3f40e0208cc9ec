-- Listings page by key and search by learner (issue 8).
--
-- `learner_search` holds the learner's name and identifiers, lower-cased and with accents
-- removed by the program; rows stored before this migration get SQL's lower-casing (accents of
-- names stored before it are kept, so such a name is found when typed with its accents).
ALTER TABLE enrolments ADD COLUMN learner_search TEXT NOT NULL DEFAULT '';
UPDATE enrolments SET learner_search = lower(learner_name || ' ' || learner_key);
ALTER TABLE credentials ADD COLUMN learner_search TEXT NOT NULL DEFAULT '';
UPDATE credentials SET learner_search = lower(learner_name);

-- The sort keys of the listings, newest first, with the unique id last: a page after a cursor
-- and the ids skipped by an offset are read from the index alone. They replace the provider
-- indexes of 0005 (one index per table, as before: every index costs bulk issuance and imports
-- time, measured). A listing of one offering walks its provider's index and keeps that
-- offering's rows.
DROP INDEX enrolments_provider;
CREATE INDEX enrolments_listing ON enrolments (provider_id, enrolled_on, recorded_at, id);
DROP INDEX credentials_provider;
CREATE INDEX credentials_listing ON credentials (provider_id, issued_at, id);
