-- Catalogue search moved to an in-memory index (crates/store/src/catalogue_index): the FTS5 table,
-- its key column and the wide covering indexes built for SQL counting are no longer read.
DROP TABLE offering_search;
DROP INDEX offerings_search_covering;
DROP INDEX offerings_search_key;
ALTER TABLE offerings DROP COLUMN search_key;
DROP INDEX offerings_provider;
CREATE INDEX offerings_provider ON offerings (provider_id);
-- Every write that changes what search sees appends here in its own transaction; each process's
-- index applies the rows after the last `seq` it applied. A provider id alone means "all of its
-- offerings". AUTOINCREMENT: a seq is never reused, even after the newest row is deleted.
CREATE TABLE catalogue_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    offering_id TEXT,
    provider_id TEXT
);
