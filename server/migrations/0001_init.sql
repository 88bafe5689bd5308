-- Schema version 1. Secrets and tokens are stored only as SHA-256 digests (BLOB, 32 bytes);
-- timestamps are RFC 3339 UTC strings with second precision, so text order is time order,
-- except expiry instants, which are Unix seconds for cheap comparisons.

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,            -- UUID v4
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,               -- Argon2id PHC string
    created_at    TEXT NOT NULL
);

-- Console sessions (cookie or console bearer). Deliberately a different table from access tokens,
-- so a token obtained with an application key can never act as a console session.
CREATE TABLE sessions (
    token_digest BLOB PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_by_account ON sessions(account_id);

CREATE TABLE application_keys (
    client_id     TEXT PRIMARY KEY,            -- UUID v4
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    secret_digest BLOB NOT NULL,
    description   TEXT,
    request_id    TEXT,                        -- idempotency key of the create, if the client sent one
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    UNIQUE (account_id, request_id)
);
CREATE INDEX application_keys_by_account ON application_keys(account_id, created_at DESC, client_id);

-- Deleting a key deletes its access tokens, so they are refused at once.
CREATE TABLE access_tokens (
    token_digest BLOB PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES application_keys(client_id) ON DELETE CASCADE,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX access_tokens_by_client ON access_tokens(client_id);
