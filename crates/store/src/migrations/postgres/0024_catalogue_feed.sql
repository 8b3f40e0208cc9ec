-- The portable SQL subset (docs/scaling.md): no sequences, no table locks. The catalogue change
-- feed's seq was a BIGSERIAL ordered by an EXCLUSIVE table lock; it is now drawn from a counter
-- row that each writer increments first in its transaction (`SqlStore::log_change`). The row's
-- lock, held to commit, orders the seqs as the commits on every engine of the subset (a second
-- writer waits, or under SERIALIZABLE aborts with 40001 and is retried), and a distributed
-- engine has no cross-node sequence to consult. Every server must run this version or a later
-- one once the migration ran: an older one inserts without a seq and fails.
CREATE TABLE catalogue_feed (
    name TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
INSERT INTO catalogue_feed (name, last_seq)
SELECT 'catalogue', GREATEST(
    COALESCE((SELECT MAX(seq) FROM catalogue_changes), 0),
    (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM catalogue_changes_seq_seq));
ALTER TABLE catalogue_changes ALTER COLUMN seq DROP DEFAULT;
DROP SEQUENCE catalogue_changes_seq_seq;
