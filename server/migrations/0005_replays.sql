-- Schema version 5. The answers of creates and rotations with a request_id, kept for their replay
-- window (ten minutes) in the database instead of one process's memory, so that a retry reaching
-- another instance, or this one after a restart, gets the same key and secret. `sealed` is the
-- answer encrypted (ChaCha20-Poly1305) under a key derived from the client's session credential and
-- the request_id, neither of which the database holds: the database alone cannot read the secret
-- (see src/replay.rs). scope is 'create', or the client_id of the key a rotation is about;
-- client_id is the key the answer shows, so the answer goes with the key (ON DELETE CASCADE) and a
-- rotation deletes the key's earlier answers, whose secret no longer works. expires_at is Unix
-- seconds; the purge deletes the rows it has passed.

CREATE TABLE replays (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    request_id TEXT NOT NULL,
    client_id  TEXT NOT NULL REFERENCES application_keys(client_id) ON DELETE CASCADE,
    sealed     BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, scope, request_id)
);
CREATE INDEX replays_by_client ON replays(client_id);
CREATE INDEX replays_by_expiry ON replays(expires_at);
