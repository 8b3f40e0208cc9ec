-- Which version of `model::search`'s rules (`TERMS_VERSION`) derived each offering's stored
-- `search_terms`. Rows stored before this column existed were made by version 1. On open, the
-- store re-derives the terms of every row below the program's version from its current document
-- (in batches, each logged to `catalogue_changes`); the index finds those rows directly.
ALTER TABLE offerings ADD COLUMN terms_version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX offerings_terms_version ON offerings (terms_version);
