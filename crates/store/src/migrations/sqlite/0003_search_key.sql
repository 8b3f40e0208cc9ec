-- Full-text rows are keyed by a stable integer of their offering instead of its text id: a search
-- joins matches to offerings through an index, and an edit deletes its old terms by key. FTS5
-- cannot index `offering_id`, so deleting by it scanned the whole index (measured 45–300 ms per
-- edit at 100,000 offerings) and every match cost an extra lookup.
-- `search_key` is not the rowid: VACUUM may renumber the rowids of a table with a text key.
ALTER TABLE offerings ADD COLUMN search_key INTEGER;
UPDATE offerings SET search_key = rowid;
CREATE UNIQUE INDEX offerings_search_key ON offerings (search_key);
-- Covers what a text search reads of each match. `title_sort` comes second on purpose: were
-- `status, provider_id` second, the planner would seek once per published provider per match.
CREATE INDEX offerings_search_covering ON offerings (search_key, title_sort, published_at, created_at, status, provider_id, eqf, ects, isced_broad, isced_field, mode, pilot, id);
DROP TABLE offering_search;
CREATE VIRTUAL TABLE offering_search USING fts5 (
    terms,
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO offering_search (rowid, terms) SELECT search_key, search_terms FROM offerings;
