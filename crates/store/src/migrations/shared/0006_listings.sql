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
-- and the ids skipped by an offset are read from the index alone.
DROP INDEX enrolments_provider;
CREATE INDEX enrolments_listing ON enrolments (provider_id, enrolled_on, recorded_at, id);
CREATE INDEX enrolments_offering_listing ON enrolments (offering_id, enrolled_on, recorded_at, id);
DROP INDEX credentials_provider;
CREATE INDEX credentials_listing ON credentials (provider_id, issued_at, id);
CREATE INDEX credentials_offering_listing ON credentials (offering_id, issued_at, id);
