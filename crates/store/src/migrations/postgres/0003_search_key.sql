-- SQLite keys its full-text rows by `offerings.search_key` (see the SQLite migration); PostgreSQL
-- indexes `search_terms` in place and leaves the column empty, so both schemas stay the same.
ALTER TABLE offerings ADD COLUMN search_key BIGINT;
