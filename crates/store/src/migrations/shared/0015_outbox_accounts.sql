-- Issue 11: a message knows the account it was written for, so erasing the account deletes
-- it even when it went to an address of someone else (an address the learner asked to add).
ALTER TABLE outbox ADD COLUMN account_id TEXT;
CREATE INDEX outbox_account ON outbox (account_id);
