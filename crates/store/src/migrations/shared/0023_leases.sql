-- Issue 14: leases, so that work any server could do is done by one at a time — an import job,
-- a message of the outbox. A server claims a lease with a compare-and-set upsert (free, expired,
-- or already its own), renews it while it works and lets it go when done; a server that dies
-- holds it only until it expires, then another takes the work over. Portable: no advisory
-- locks, no SKIP LOCKED (SQLite has neither); the primary key decides between racing servers.
CREATE TABLE leases (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    owner TEXT NOT NULL,
    until TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
