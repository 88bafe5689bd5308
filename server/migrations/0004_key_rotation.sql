-- Schema version 4. Keys can be rotated: a new secret replaces the current one, which may keep
-- working for a grace period as the key's one previous secret.
-- secret_generation counts the key's secrets (0 for the first); each access token records the
-- generation of the secret it was exchanged with, and is accepted only while that secret is: the
-- current generation always, the previous one (secret_generation - 1) while
-- previous_secret_expires_at is ahead. So a rotation ends the tokens of a secret with the secret,
-- without touching their rows, and tokens from before this migration belong to generation 0.
-- previous_secret_expires_at and rotated_at are TEXT in the fixed-width form of created_at, like
-- expires_at (migration 3); previous_secret_* are NULL when there is no previous secret.
-- key_rotations remembers the request_id of each rotation, so that a retry never rotates twice,
-- even after the memory-only replay cache has forgotten its answer.

ALTER TABLE application_keys ADD COLUMN secret_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE application_keys ADD COLUMN previous_secret_digest BLOB;
ALTER TABLE application_keys ADD COLUMN previous_secret_expires_at TEXT;
ALTER TABLE application_keys ADD COLUMN rotated_at TEXT;

ALTER TABLE access_tokens ADD COLUMN secret_generation INTEGER NOT NULL DEFAULT 0;

CREATE TABLE key_rotations (
    client_id  TEXT NOT NULL REFERENCES application_keys(client_id) ON DELETE CASCADE,
    request_id TEXT NOT NULL,
    rotated_at TEXT NOT NULL,
    PRIMARY KEY (client_id, request_id)
);
