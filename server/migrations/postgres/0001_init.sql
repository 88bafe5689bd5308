-- PostgreSQL schema version 1: the SQLite schema as of its migration 5, in PostgreSQL's types, plus
-- the shared rate limits. Same columns and meanings (see ../000*.sql): secrets and tokens as
-- SHA-256 digests (BYTEA); timestamps as fixed-width RFC 3339 TEXT with microseconds, so text order
-- is time order and every answer shows them exactly as SQLite's store does; the expiry of sessions,
-- tokens and replays as Unix seconds. `seq` stands in for SQLite's rowid, the tie-break of the list
-- order for keys created in the same microsecond.

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_digest BYTEA PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions(account_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

CREATE TABLE application_keys (
    client_id                  TEXT PRIMARY KEY,
    seq                        BIGSERIAL NOT NULL,
    account_id                 TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    secret_digest              BYTEA NOT NULL,
    description                TEXT,
    request_id                 TEXT,
    created_at                 TEXT NOT NULL,
    last_used_at               TEXT,
    expires_at                 TEXT,
    secret_generation          BIGINT NOT NULL DEFAULT 0,
    previous_secret_digest     BYTEA,
    previous_secret_expires_at TEXT,
    rotated_at                 TEXT,
    UNIQUE (account_id, request_id)
);
CREATE INDEX application_keys_by_account ON application_keys(account_id, created_at DESC, seq DESC);

CREATE TABLE access_tokens (
    token_digest      BYTEA PRIMARY KEY,
    client_id         TEXT NOT NULL REFERENCES application_keys(client_id) ON DELETE CASCADE,
    expires_at        BIGINT NOT NULL,
    secret_generation BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX access_tokens_by_client ON access_tokens(client_id);
CREATE INDEX access_tokens_by_expiry ON access_tokens(expires_at);

CREATE TABLE key_rotations (
    client_id  TEXT NOT NULL REFERENCES application_keys(client_id) ON DELETE CASCADE,
    request_id TEXT NOT NULL,
    rotated_at TEXT NOT NULL,
    PRIMARY KEY (client_id, request_id)
);

CREATE TABLE replays (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    request_id TEXT NOT NULL,
    client_id  TEXT NOT NULL REFERENCES application_keys(client_id) ON DELETE CASCADE,
    sealed     BYTEA NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, scope, request_id)
);
CREATE INDEX replays_by_client ON replays(client_id);
CREATE INDEX replays_by_expiry ON replays(expires_at);

-- The /token limits, shared by every instance: one row per limited key (e.g. 'client:<id>',
-- 'failed-source:<ip>'), holding its GCRA theoretical arrival time in Unix microseconds (see
-- src/store/postgres/limits.rs). A row whose time has passed is a fully recovered key; the purge
-- deletes it.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    tat    BIGINT NOT NULL
);
