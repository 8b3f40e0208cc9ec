-- Public catalogue searches filter offerings of published providers: `provider_id IN (…) AND
-- status = 'published'` plus optional filters, then count the matches and sort by date or title.
-- With every filter and sort column in this index, counting 100,000 offerings reads the index
-- alone instead of looking up each row (measured: 9 ms instead of 100 ms for `eqf = 5`).
DROP INDEX offerings_provider;
CREATE INDEX offerings_provider ON offerings (provider_id, status, eqf, ects, isced_broad, isced_field, mode, pilot, published_at, created_at, title_sort, id);
