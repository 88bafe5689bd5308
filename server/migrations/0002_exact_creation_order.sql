-- Schema version 2. Timestamps now carry microseconds (2026-11-26T21:14:43.518204Z), so keys made
-- within one second keep their order. Older values are written in the same fixed width, so text
-- order stays time order; keys made in the same second before this keep their insertion order
-- through the rowid tie-break of the list query.

UPDATE application_keys SET created_at = substr(created_at, 1, 19) || '.000000Z'
    WHERE length(created_at) = 20;
UPDATE application_keys SET last_used_at = substr(last_used_at, 1, 19) || '.000000Z'
    WHERE length(last_used_at) = 20;
UPDATE accounts SET created_at = substr(created_at, 1, 19) || '.000000Z'
    WHERE length(created_at) = 20;
UPDATE sessions SET created_at = substr(created_at, 1, 19) || '.000000Z'
    WHERE length(created_at) = 20;

DROP INDEX application_keys_by_account;
CREATE INDEX application_keys_by_account ON application_keys(account_id, created_at DESC);
