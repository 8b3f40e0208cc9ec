-- The portable SQL subset (docs/scaling.md): no sequences. The catalogue change feed's seq was
-- an AUTOINCREMENT; it is now drawn from a counter row that each writer increments first in its
-- transaction (`SqlStore::log_change`), as on PostgreSQL. The counter starts past every seq
-- ever handed out, deleted ones included.
CREATE TABLE catalogue_feed (
    name TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
INSERT INTO catalogue_feed (name, last_seq)
SELECT 'catalogue', MAX(
    COALESCE((SELECT MAX(seq) FROM catalogue_changes), 0),
    COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'catalogue_changes'), 0));
CREATE TABLE catalogue_changes_next (
    seq INTEGER PRIMARY KEY,
    offering_id TEXT,
    provider_id TEXT
);
INSERT INTO catalogue_changes_next (seq, offering_id, provider_id)
SELECT seq, offering_id, provider_id FROM catalogue_changes;
DROP TABLE catalogue_changes;
ALTER TABLE catalogue_changes_next RENAME TO catalogue_changes;
