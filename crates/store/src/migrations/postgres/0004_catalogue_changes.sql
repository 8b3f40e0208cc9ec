-- Catalogue search moved to an in-memory index (crates/store/src/catalogue_index): the text search
-- index, the unused key column and the wide covering index built for SQL counting are no longer read.
DROP INDEX offerings_search;
ALTER TABLE offerings DROP COLUMN search_key;
DROP INDEX offerings_provider;
CREATE INDEX offerings_provider ON offerings (provider_id);
-- Every write that changes what search sees appends here in its own transaction; each server's
-- index applies the rows after the last `seq` it applied. A provider id alone means "all of its
-- offerings". Writers take an EXCLUSIVE lock on this table first (see `SqlStore::log_change`), so
-- seqs commit in order and a reader never skips a seq that commits late.
CREATE TABLE catalogue_changes (
    seq BIGSERIAL PRIMARY KEY,
    offering_id TEXT,
    provider_id TEXT
);
